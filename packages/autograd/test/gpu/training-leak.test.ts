/**
 * A small classifier trained on the gpu backend: live tensors and textures stay flat from step to
 * step, the gradients live on the gpu, and the loss goes down.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { type Tensor, memory, noGrad, randn, tensor, tidy } from '@tensorgrad/autograd';
import { Generator, gpuAvailability, setBackend } from '@tensorgrad/tensor';

const requireGl = process.env['TENSORGRAD_REQUIRE_GL'] === '1';
const gpu = gpuAvailability();
if (!gpu.available && requireGl)
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend: ${gpu.reason}`);

describe.skipIf(!gpu.available)(`gpu training loop (gpu.js mode: ${gpu.mode})`, () => {
  afterAll(() => setBackend('cpu'));

  test('40 steps: no leaked tensors or textures', () => {
    setBackend('gpu');
    const gen = new Generator(5);
    const x = randn([8, 4], { generator: gen });
    const labels = tensor([[0], [1], [2], [0], [1], [2], [0], [1]], { dtype: 'int32' });
    const w1 = randn([4, 6], { generator: gen, requiresGrad: true });
    const w2 = randn([6, 3], { generator: gen, requiresGrad: true });
    const b2 = tensor([0, 0, 0], { requiresGrad: true });
    const params = [w1, w2, b2];

    const step = (): number =>
      tidy(() => {
        const logits = x.matmul(w1).gelu().matmul(w2).add(b2);
        const loss = logits.logSoftmax(-1).gather(1, labels).mean().neg();
        loss.backward();
        noGrad(() => {
          for (const p of params) {
            expect(p.grad?.backend).toBe('gpu');
            p.assign(p.value.sub((p.grad as Tensor).value.mul(0.2)));
            p.zeroGrad();
          }
        });
        return loss.item() as number;
      });

    const first = step();
    const start = memory();
    let last = first;
    for (let i = 0; i < 40; i++) {
      last = step();
      const now = memory();
      expect({ tensors: now.tensors, buffers: now.buffers }).toEqual({
        tensors: start.tensors,
        buffers: start.buffers,
      });
    }
    expect(last).toBeLessThan(first);
  });
});

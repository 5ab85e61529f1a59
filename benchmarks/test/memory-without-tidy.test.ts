/**
 * A PyTorch-style loop of the tiny ViT — no `tidy`, no `dispose` — holds its memory flat on
 * both backends: after `settleMemory()` the same tensors, buffers, bytes (and, on the gpu, GL
 * textures) are alive at every checkpoint, because backward lets go of what the graph saved and
 * the finalizers free what nobody can reach.
 *
 * By default a short run that asserts (cpu 60 steps; gpu 12, since a step takes seconds on
 * llvmpipe). `TENSORGRAD_MEMORY_STEPS=long` runs the lengths (cpu 1,000 steps, gpu 300)
 * and prints the tables (`npm run memory-without-tidy -w benchmarks`; for the gpu under
 * `TENSORGRAD_REQUIRE_GL=1 xvfb-run -a`).
 */
import { afterAll, describe, expect, test } from 'vitest';
import { gpuAvailability, setBackend } from '@tensorgrad/tensor';
import { type MemoryRow, memoryTable, trainWithoutTidy } from '../src/memory-without-tidy.js';

const long = process.env['TENSORGRAD_MEMORY_STEPS'] === 'long';
const gpu = gpuAvailability();
if (!gpu.available && process.env['TENSORGRAD_REQUIRE_GL'] === '1')
  throw new Error(`TENSORGRAD_REQUIRE_GL=1 but no gpu backend: ${gpu.reason}`);

/** Every checkpoint holds what the first one held, and the loss went down. */
function expectFlat(rows: readonly MemoryRow[]): void {
  const [first, ...rest] = rows;
  for (const row of rest) {
    expect({
      step: row.step,
      tensors: row.tensors,
      buffers: row.buffers,
      bytes: row.bytes,
    }).toEqual({
      step: row.step,
      tensors: first!.tensors,
      buffers: first!.buffers,
      bytes: first!.bytes,
    });
    expect(row.glTextures).toBe(first!.glTextures);
  }
  expect(rows[rows.length - 1]!.loss).toBeLessThan(first!.loss);
}

/**
 * Without awaiting, nothing is collected between checkpoints: what the step leaves alive is
 * what the loop itself drops each step (the logits and the loss it reassigns), since modules
 * and losses free their intermediates and backward frees what the graph saved.
 */
function expectTwoPerStep(rows: readonly MemoryRow[]): void {
  for (let i = 1; i < rows.length; i++) {
    const [before, after] = [rows[i - 1]!, rows[i]!];
    const steps = after.step - before.step;
    expect(after.rawTensors - before.tensors).toBeLessThanOrEqual(2 * steps);
    expect(after.rawBuffers - before.buffers).toBeLessThanOrEqual(2 * steps);
    if (after.rawGlTextures !== null && before.glTextures !== null)
      expect(after.rawGlTextures - before.glTextures).toBeLessThanOrEqual(2 * steps);
  }
}

afterAll(() => setBackend('cpu'));

describe('a training loop without tidy', () => {
  test(
    'cpu: tensors, buffers and bytes stay flat, and so does the resident memory',
    async () => {
      const checkpoints = long ? [0, 100, 300, 1000] : [0, 20, 60];
      const rows = await trainWithoutTidy({ backend: 'cpu', checkpoints, yieldEachStep: false });
      console.log(`cpu, ${checkpoints.at(-1)} steps, never awaiting:\n${memoryTable(rows)}`);
      expectFlat(rows);
      expectTwoPerStep(rows);
      // The collector reclaims the typed arrays themselves (flat before this change too): what
      // is checked is that the finalizers hold none of them. Warm-up (compiled kernels, the
      // array pool) comes before the second checkpoint.
      expect(rows.at(-1)!.rssMB - rows[1]!.rssMB).toBeLessThan(64);
    },
    long ? 3_600_000 : 600_000,
  );

  test.runIf(long)(
    'cpu, awaiting a timer each step: the collector keeps even the raw counts bounded',
    async () => {
      const rows = await trainWithoutTidy({
        backend: 'cpu',
        checkpoints: [0, 100, 300],
        yieldEachStep: true,
      });
      console.log(`cpu, 300 steps, awaiting a timer each step:\n${memoryTable(rows)}`);
      expectFlat(rows);
    },
    3_600_000,
  );

  // Where there are textures: in webasm mode device arrays are typed arrays, as on the cpu.
  test.skipIf(!gpu.available || gpu.mode === 'webasm')(
    `gpu (${gpu.mode}): textures stay flat`,
    async () => {
      const checkpoints = long ? [0, 100, 300] : [0, 4, 12];
      // Awaiting each step: finalizers (which delete the textures) run only when the event loop
      // turns, so a gpu loop that never awaits frees nothing until it does (see the guide).
      const rows = await trainWithoutTidy({ backend: 'gpu', checkpoints, yieldEachStep: true });
      console.log(
        `gpu, ${checkpoints.at(-1)} steps, awaiting a timer each step:\n${memoryTable(rows)}`,
      );
      expectFlat(rows);
    },
    long ? 7_200_000 : 900_000,
  );

  test.skipIf(!gpu.available || gpu.mode === 'webasm')(
    `gpu (${gpu.mode}), never awaiting: each step leaves only the tensors the loop drops`,
    async () => {
      const checkpoints = long ? [0, 100, 300] : [0, 6];
      const rows = await trainWithoutTidy({ backend: 'gpu', checkpoints, yieldEachStep: false });
      console.log(`gpu, ${checkpoints.at(-1)} steps, never awaiting:\n${memoryTable(rows)}`);
      expectFlat(rows);
      expectTwoPerStep(rows);
    },
    long ? 7_200_000 : 900_000,
  );
});

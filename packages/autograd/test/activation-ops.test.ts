/**
 * The parameterised activations of the op table (leakyRelu, elu, softplus): values and gradients
 * pinned to PyTorch 1.13 (float64, `.sum().backward()`), including the kink at 0, the softplus
 * threshold and NaN; stability for large inputs; and no temporaries left behind by the forwards.
 * The generic gradcheck/gradgradcheck/gpu tests cover them through op-samples.ts.
 */
import { describe, expect, test } from 'vitest';
import { type Tensor, memory, noGrad, tensor } from '@tensorgrad/autograd';

/** The values and the gradient of `f(x).sum()` at `values` (float64). */
function valueAndGradient(
  f: (x: Tensor) => Tensor,
  values: number[],
): { value: number[]; grad: number[] } {
  const x = tensor(values, { dtype: 'float64', requiresGrad: true });
  const y = f(x);
  y.sum().backward();
  return { value: y.toArray() as number[], grad: x.grad?.toArray() as number[] };
}

function expectAll(actual: number[], expected: number[], tolerance = 1e-15): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    if (Number.isNaN(e)) expect(a, `element ${i}`).toBeNaN();
    else
      expect(Math.abs(a - e), `element ${i}: ${a} vs ${e}`).toBeLessThanOrEqual(
        tolerance * Math.max(1, Math.abs(e)),
      );
  });
}

// x = torch.tensor([-3.0, -1.5, -0.25, 0.0, 0.5, 2.0, 25.0], dtype=torch.float64, requires_grad=True)
const xs = [-3, -1.5, -0.25, 0, 0.5, 2, 25];

describe('leakyRelu', () => {
  test('matches torch: F.leaky_relu(x, 0.2) and the default slope 0.01', () => {
    const slope = valueAndGradient((x) => x.leakyRelu(0.2), xs);
    // F.leaky_relu(x, 0.2); the slope applies at 0 (0 > 0 is false), as torch's backward
    expectAll(slope.value, [-0.6000000000000001, -0.30000000000000004, -0.05, 0, 0.5, 2, 25]);
    expectAll(slope.grad, [0.2, 0.2, 0.2, 0.2, 1, 1, 1]);
    const byDefault = valueAndGradient((x) => x.leakyRelu(), xs);
    // F.leaky_relu(x)
    expectAll(byDefault.value, [-0.03, -0.015, -0.0025, 0, 0.5, 2, 25]);
    expectAll(byDefault.grad, [0.01, 0.01, 0.01, 0.01, 1, 1, 1]);
  });

  test('NaN propagates; its gradient is the slope (torch: self > 0 ? g : g * slope)', () => {
    const { value, grad } = valueAndGradient((x) => x.leakyRelu(0.2), [NaN, 1]);
    expectAll(value, [NaN, 1]);
    expectAll(grad, [0.2, 1]);
  });
});

describe('elu', () => {
  test('matches torch: F.elu(x) and F.elu(x, 0.7)', () => {
    const unit = valueAndGradient((x) => x.elu(), xs);
    // F.elu(x)
    expectAll(
      unit.value,
      [-0.950212931632136, -0.7768698398515702, -0.22119921692859512, 0, 0.5, 2, 25],
    );
    expectAll(
      unit.grad,
      [0.049787068367863944, 0.22313016014842982, 0.7788007830714049, 1, 1, 1, 1],
    );
    const alpha = valueAndGradient((x) => x.elu(0.7), xs);
    // F.elu(x, 0.7): the slope at 0 is alpha (torch's backward takes x <= 0 as the negative side)
    expectAll(
      alpha.value,
      [-0.6651490521424952, -0.5438088878960992, -0.15483945185001657, 0, 0.5, 2, 25],
    );
    expectAll(
      alpha.grad,
      [0.03485094785750476, 0.15619111210390085, 0.5451605481499834, 0.7, 1, 1, 1],
    );
  });

  test('NaN propagates with gradient g; -1000 gives -alpha in float32; 1000 stays finite', () => {
    const { value, grad } = valueAndGradient((x) => x.elu(2), [NaN]);
    expectAll(value, [NaN]);
    expectAll(grad, [1]);
    expect(tensor([-1000, 1000]).elu(2).toArray()).toEqual([-2, 1000]);
  });
});

describe('softplus', () => {
  test('matches torch: F.softplus(x) and F.softplus(x, 2, 4)', () => {
    const plain = valueAndGradient((x) => x.softplus(), xs);
    // F.softplus(x)
    expectAll(
      plain.value,
      [
        0.04858735157374206, 0.2014132779827524, 0.5759394198788436, 0.6931471805599453,
        0.9740769841801067, 2.1269280110429727, 25,
      ],
    );
    expectAll(
      plain.grad,
      [
        0.04742587317756679, 0.18242552380635632, 0.4378234991142019, 0.5, 0.6224593312018546,
        0.8807970779778824, 1,
      ],
    );
    const scaled = valueAndGradient((x) => x.softplus(2, 4), xs);
    // F.softplus(x, 2, 4): at x = 2, βx = 4 is not above the threshold, so the log form is used
    expectAll(
      scaled.value,
      [
        0.0012378425688652247, 0.02429367578687103, 0.23703849209005334, 0.34657359027997264,
        0.6566308437591114, 2.0090749639589047, 25,
      ],
    );
    expectAll(
      scaled.grad,
      [
        0.0024726231566347748, 0.04742587317756679, 0.37754066879814546, 0.5, 0.7310585786300049,
        0.9820137900379085, 1,
      ],
    );
  });

  test('the threshold is strict, as torch: softplus(20) = 20.000000002061153, softplus(20.1) = 20.1', () => {
    const { value, grad } = valueAndGradient((x) => x.softplus(), [20, 20.1, NaN]);
    // F.softplus(torch.tensor([20., 20.1, nan], dtype=torch.float64))
    expectAll(value, [20.000000002061153, 20.1, NaN]);
    expectAll(grad, [0.9999999979388464, 1, NaN]);
  });

  test('is stable for large inputs in float32, and its gradient never overflows', () => {
    expect(tensor([-1000, 100, 1000]).softplus().toArray()).toEqual([0, 100, 1000]);
    // Past e^709 torch's z / (z + 1) is ∞/∞ = NaN when the threshold is raised; σ(βx) gives 1.
    const { value, grad } = valueAndGradient((x) => x.softplus(1, 1e6), [800]);
    expect(value).toEqual([Infinity]); // the log form overflows, as torch's
    expect(grad).toEqual([1]);
  });
});

describe('the forwards', () => {
  test('leave no temporaries behind (only the result is new)', () => {
    const x = tensor([-1, 0.5, 2]);
    for (const f of [
      (t: Tensor) => t.leakyRelu(0.1),
      (t: Tensor) => t.elu(),
      (t: Tensor) => t.softplus(2, 3),
    ]) {
      const before = memory().tensors;
      const y = noGrad(() => f(x));
      expect(memory().tensors).toBe(before + 1);
      y.dispose();
    }
  });

  test('an int32 input gives float32, as the other float functions', () => {
    const x = tensor([-2, 3], { dtype: 'int32' });
    expect(x.leakyRelu(0.5).dtype).toBe('float32');
    expect(x.leakyRelu(0.5).toArray()).toEqual([-1, 3]);
    expect(x.elu().dtype).toBe('float32');
    expect(x.softplus().dtype).toBe('float32');
  });

  test('size-0 and non-contiguous inputs', () => {
    expect(tensor([], { dtype: 'float64' }).reshape(0, 3).softplus().shape).toEqual([0, 3]);
    const t = tensor([
      [-1, 2],
      [3, -4],
    ]).mT;
    expect(t.leakyRelu(0.5).toArray()).toEqual([
      [-0.5, 3],
      [2, -2],
    ]);
  });
});

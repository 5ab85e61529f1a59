/**
 * Numerical gradient checking: compares backward's gradients with float64 central differences.
 *
 * To keep the cost at one backward per check, the output is projected on a fixed pseudo-random
 * vector r: the analytic side is the gradient of sum(out * r) (one vector-Jacobian product), the
 * numeric side differentiates the same scalar. A wrong Jacobian entry changes that gradient
 * unless the error happens to be orthogonal to r, which a random r makes vanishingly unlikely.
 */
import { NDArray, tensor as rawTensor, tidy } from '@tensorgrad/tensor';
import { isFloat, lift, lower } from './define-op.js';
import { runBackward } from './engine.js';
import { gradients } from './functional.js';
import { cat } from './functions.js';
import { enableGrad, noGrad } from './grad-mode.js';
import { Tensor } from './tensor.js';

/**
 * Tolerances of {@link gradcheck}: an element passes when |analytic - numeric| <= atol + rtol * |numeric|.
 * @example
 * ```ts
 * import { type GradcheckOptions, gradcheck, randn } from '@tensorgrad/autograd';
 * const options: GradcheckOptions = { eps: 1e-6, atol: 1e-5, rtol: 1e-3 };
 * const report = gradcheck((x) => x.exp().sum(), [randn([3], { dtype: 'float64' })], options);
 * if (!report.ok) throw new Error(report.message);
 * ```
 */
export interface GradcheckOptions {
  /** Central-difference step. Default 1e-6. */
  readonly eps?: number;
  /** Absolute tolerance. Default 1e-5. */
  readonly atol?: number;
  /** Relative tolerance. Default 1e-3. */
  readonly rtol?: number;
}

/**
 * One checked gradient element.
 * @example
 * ```ts
 * import { type GradcheckElement, gradcheck, tensor } from '@tensorgrad/autograd';
 * const report = gradcheck((x) => x.square().sum(), [tensor([1, 2], { dtype: 'float64', requiresGrad: true })]);
 * const worst: GradcheckElement | null = report.worst;
 * if (worst === null || worst.input !== 0 || Math.abs(worst.analytic - worst.numeric) > 1e-5) throw new Error('GradcheckElement');
 * ```
 */
export interface GradcheckElement {
  /** Which input (position in `inputs`). */
  readonly input: number;
  /** The element's multi-index in that input. */
  readonly index: readonly number[];
  readonly analytic: number;
  readonly numeric: number;
  /** |analytic - numeric| / (atol + rtol |numeric|): above 1 fails; NaN counts as Infinity. */
  readonly ratio: number;
}

/**
 * What {@link gradcheck} found.
 * @example
 * ```ts
 * import { type GradcheckReport, gradcheck, tensor } from '@tensorgrad/autograd';
 * const report: GradcheckReport = gradcheck((x) => x.tanh().sum(), [tensor([0.5], { dtype: 'float64', requiresGrad: true })]);
 * if (!report.ok || report.checked !== 1 || !report.message.startsWith('gradcheck passed')) throw new Error(report.message);
 * ```
 */
export interface GradcheckReport {
  /** Whether every element passed (and none was NaN). */
  readonly ok: boolean;
  /** How many gradient elements were compared. */
  readonly checked: number;
  /** The element furthest from passing, or null when no element was checked. */
  readonly worst: GradcheckElement | null;
  /** A one-line summary naming the worst element. */
  readonly message: string;
}

/** A deterministic projection vector with entries in ±[0.5, 1] (never near 0, so every output counts). */
function projection(size: number): Float64Array {
  const r = new Float64Array(size);
  let state = 0x2545f491;
  for (let i = 0; i < size; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const u = state / 2 ** 32;
    r[i] = (u < 0.5 ? -1 : 1) * (0.5 + (u % 0.5));
  }
  return r;
}

function multiIndex(flat: number, shape: readonly number[]): number[] {
  const index = new Array<number>(shape.length);
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d] as number;
    index[d] = flat % n;
    flat = Math.floor(flat / n);
  }
  return index;
}

/**
 * Checks the gradients of `fn` at `inputs` against float64 central differences. Float inputs (raw,
 * or autograd tensors that require grad) are converted to float64 leaves; other inputs (indices,
 * masks) are passed through. Reports the worst element rather than throwing.
 * @example
 * ```ts
 * import { gradcheck, randn } from '@tensorgrad/autograd';
 * const report = gradcheck((x) => x.sin().sum(), [randn([3], { dtype: 'float64' })]);
 * if (!report.ok) throw new Error(report.message);
 * ```
 */
export function gradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly (Tensor | NDArray)[],
  options: GradcheckOptions = {},
): GradcheckReport {
  const { eps = 1e-6, atol = 1e-5, rtol = 1e-3 } = options;
  return tidy(() => {
    const checked = inputs.map((x) => isFloat(x.dtype) && (x instanceof NDArray || x.requiresGrad));
    const hosts = inputs.map((x, i) =>
      checked[i] ? Float64Array.from(lower(x).cast('float64').data()) : null,
    );
    const constant = (i: number, values: Float64Array): Tensor =>
      new Tensor(rawTensor(values, { dtype: 'float64', shape: inputs[i]?.shape ?? [] }));
    const asInputs = (
      requiresGrad: boolean,
      replaced?: { i: number; values: Float64Array },
    ): Tensor[] =>
      inputs.map((x, i) => {
        const host = hosts[i];
        if (host === null || host === undefined) return lift(x);
        const values = replaced?.i === i ? replaced.values : host;
        const t = constant(i, values);
        return requiresGrad ? t.requiresGrad_() : t;
      });

    // Analytic: one backward of sum(out * r).
    const leaves = asInputs(true);
    const out = enableGrad(() => fn(...leaves));
    if (!isFloat(out.dtype))
      throw new Error(`gradcheck: fn must return a float tensor, got ${out.dtype}`);
    const r = new Tensor(rawTensor(projection(out.size), { dtype: 'float64', shape: out.shape }));
    const projected = (y: Tensor): Tensor => y.cast('float64').mul(r).sum();
    const loss = enableGrad(() => projected(out));
    const differentiable = leaves.filter((t, i) => checked[i] && t.requiresGrad);
    const found = loss.requiresGrad
      ? runBackward({
          roots: [loss],
          seeds: [undefined],
          options: {},
          inputs: differentiable,
          op: 'gradcheck',
        })
      : differentiable.map(() => null);
    const analyticOf = new Map(differentiable.map((t, k) => [t, found[k] ?? null]));

    // Numeric: central differences of the same scalar, one input element at a time.
    const evaluate = (i: number, values: Float64Array): number =>
      tidy(() => noGrad(() => projected(fn(...asInputs(false, { i, values }))).item() as number));

    let worst: GradcheckElement | null = null;
    let count = 0;
    hosts.forEach((host, i) => {
      if (host === null) return;
      const g = analyticOf.get(leaves[i] as Tensor) ?? null;
      const analytic =
        g === null ? new Float64Array(host.length) : Float64Array.from(g.value.data());
      for (let k = 0; k < host.length; k++) {
        const perturbed = Float64Array.from(host);
        perturbed[k] = (host[k] as number) + eps;
        const plus = evaluate(i, perturbed);
        perturbed[k] = (host[k] as number) - eps;
        const minus = evaluate(i, perturbed);
        const numeric = (plus - minus) / (2 * eps);
        const a = analytic[k] as number;
        const raw = Math.abs(a - numeric) / (atol + rtol * Math.abs(numeric));
        const ratio = Number.isNaN(raw) ? Infinity : raw;
        count++;
        if (worst === null || ratio > worst.ratio) {
          worst = {
            input: i,
            index: multiIndex(k, inputs[i]?.shape ?? []),
            analytic: a,
            numeric,
            ratio,
          };
        }
      }
    });
    const w = worst as GradcheckElement | null;
    const ok = w === null || w.ratio <= 1;
    const message =
      w === null
        ? 'gradcheck: no float inputs to check'
        : `gradcheck ${ok ? 'passed' : 'FAILED'}: worst element is input ${w.input} at [${w.index.join(',')}]: ` +
          `analytic ${w.analytic} vs numeric ${w.numeric} ` +
          `(|diff| ${Math.abs(w.analytic - w.numeric).toExponential(2)}, allowed ${(atol + rtol * Math.abs(w.numeric)).toExponential(2)}) ` +
          `over ${count} elements`;
    return { ok, checked: count, worst: w, message };
  });
}

/**
 * Checks second derivatives the way PyTorch's `gradgradcheck` does: the first derivative (the
 * vector-Jacobian product of `fn` with a fixed vector, computed with `createGraph`) is itself a
 * function of the inputs, and {@link gradcheck} compares its backward (the double backward of
 * every op in `fn`) with central differences of it. Same inputs and options as `gradcheck`.
 * @example
 * ```ts
 * import { gradgradcheck, tensor } from '@tensorgrad/autograd';
 * const x = tensor([0.3, -1.2], { dtype: 'float64', requiresGrad: true });
 * const report = gradgradcheck((t) => t.tanh().mul(t), [x]);
 * if (!report.ok) throw new Error(report.message);
 * ```
 */
export function gradgradcheck(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly (Tensor | NDArray)[],
  options: GradcheckOptions = {},
): GradcheckReport {
  const differentiable = inputs.map(
    (x) => isFloat(x.dtype) && (x instanceof NDArray || x.requiresGrad),
  );
  const firstDerivative = (...xs: Tensor[]): Tensor =>
    enableGrad(() => {
      // gradcheck's numeric evaluations pass inputs without grad: differentiate them anyway.
      const leaves = xs.map((x, i) =>
        differentiable[i] && !x.requiresGrad ? x.detach().requiresGrad_() : x,
      );
      const out = fn(...leaves);
      const r = new Tensor(
        rawTensor(projection(out.size).reverse(), { dtype: 'float64', shape: out.shape }),
      );
      const wrt = leaves.filter((_, i) => differentiable[i]);
      const projected = out.cast('float64').mul(r).sum();
      if (!projected.requiresGrad) return rawZerosFor(wrt);
      const grads = gradients(projected, wrt, { createGraph: true, allowUnused: true });
      return cat(grads.map((g) => g.cast('float64').reshape([-1])));
    });
  const report = gradcheck(firstDerivative, inputs, options);
  return { ...report, message: report.message.replace(/^gradcheck/, 'gradgradcheck') };
}

/** The first derivative of a function that does not depend on its inputs: zeros. */
function rawZerosFor(xs: readonly Tensor[]): Tensor {
  const size = xs.reduce((n, x) => n + x.size, 0);
  return new Tensor(rawTensor(new Float64Array(size), { dtype: 'float64', shape: [size] }));
}

/**
 * Element-wise comparison of a computed tensor with its reference, as `numpy.allclose`:
 * `|actual - expected| <= atol + rtol * |expected|`. Integer and boolean tensors must match
 * exactly (a sampled token id is either right or wrong).
 */
import type { Tensor as RawTensor } from '@tensorgrad/tensor';

/**
 * Absolute and relative tolerance of one comparison.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/tensor';
 * import { compareTensors, type Tolerance } from '@tensorgrad/models/parity';
 * const loose: Tolerance = { atol: 0, rtol: 1e-3 };
 * if (!compareTensors('output.y', tensor([1000.5]), tensor([1000]), loose).ok) throw new Error('0.5 <= 1e-3 · 1000');
 * ```
 */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/**
 * The outcome of comparing one tensor.
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/tensor';
 * import { compareTensors, type TensorComparison } from '@tensorgrad/models/parity';
 * const c: TensorComparison = compareTensors('output.y', tensor([1, 2.5]), tensor([1, 2]), { atol: 0.1, rtol: 0 });
 * if (c.ok || c.maxAbs !== 0.5 || c.worstIndex !== 1) throw new Error(JSON.stringify(c));
 * const shape = compareTensors('output.y', tensor([1]), tensor([1, 2]), { atol: 1, rtol: 0 });
 * if (shape.ok || shape.reason === undefined) throw new Error('a shape mismatch fails outright');
 * ```
 */
export interface TensorComparison {
  /** Fixture name of the reference (`output.logits`, `grad.param.cls_token`, ...). */
  readonly name: string;
  /** Whether every element is within tolerance (exactly equal, for integers). */
  readonly ok: boolean;
  /** Largest `|actual - expected|`. */
  readonly maxAbs: number;
  /** Largest `|actual - expected| / |expected|` over elements whose expected value is not 0. */
  readonly maxRel: number;
  /**
   * Largest `|actual - expected| / (atol + rtol * |expected|)`: at most 1 when the tensor
   * passes, so it says how close to the edge of the tolerance the worst element sits.
   */
  readonly worstRatio: number;
  /** Flat index of the element that set `worstRatio` (or of the first mismatch). */
  readonly worstIndex: number;
  /** Why the comparison failed outright (shape or dtype mismatch, NaN), if it did. */
  readonly reason?: string;
}

function isIntegerKind(dtype: string): boolean {
  return dtype === 'int32' || dtype === 'bool';
}

/**
 * Compares `actual` with `expected` under `tolerance`; integer/bool tensors are compared
 * exactly (a bool tensor equals an I32 reference holding 0/1).
 *
 * @example
 * ```ts
 * import { tensor } from '@tensorgrad/tensor';
 * import { compareTensors } from '@tensorgrad/models/parity';
 * if (!compareTensors('output.y', tensor([1, 2.00001]), tensor([1, 2]), { atol: 1e-4, rtol: 0 }).ok) throw new Error('within atol');
 * const ids = compareTensors('aux.ids', tensor([1, 2], { dtype: 'int32' }), tensor([1, 3], { dtype: 'int32' }), { atol: 10, rtol: 0 });
 * if (ids.ok) throw new Error('integers must match exactly');
 * ```
 */
export function compareTensors(
  name: string,
  actual: RawTensor,
  expected: RawTensor,
  tolerance: Tolerance,
): TensorComparison {
  const failed = (reason: string): TensorComparison => ({
    name,
    ok: false,
    maxAbs: Number.NaN,
    maxRel: Number.NaN,
    worstRatio: Number.POSITIVE_INFINITY,
    worstIndex: -1,
    reason,
  });
  if (
    actual.shape.length !== expected.shape.length ||
    actual.shape.some((d, i) => d !== expected.shape[i])
  ) {
    return failed(
      `shape [${actual.shape.join(',')}] but the reference has [${expected.shape.join(',')}]`,
    );
  }
  const exact = isIntegerKind(expected.dtype);
  if (exact !== isIntegerKind(actual.dtype)) {
    return failed(`dtype ${actual.dtype} but the reference is ${expected.dtype}`);
  }
  const a = actual.data();
  const e = expected.data();
  let maxAbs = 0;
  let maxRel = 0;
  let worstRatio = 0;
  let worstIndex = -1;
  let ok = true;
  for (let i = 0; i < e.length; i++) {
    const ai = Number(a[i]);
    const ei = Number(e[i]);
    const diff = Math.abs(ai - ei);
    if (Number.isNaN(diff)) {
      // NaN fails allclose; report it as an infinitely large error at its position.
      return {
        name,
        ok: false,
        maxAbs: Number.NaN,
        maxRel: Number.NaN,
        worstRatio: Number.POSITIVE_INFINITY,
        worstIndex: i,
        reason: `NaN at flat index ${i}`,
      };
    }
    if (diff > maxAbs) maxAbs = diff;
    if (ei !== 0 && diff / Math.abs(ei) > maxRel) maxRel = diff / Math.abs(ei);
    if (exact) {
      if (diff !== 0 && ok) {
        ok = false;
        worstIndex = i;
        worstRatio = Number.POSITIVE_INFINITY;
      }
      continue;
    }
    const allowed = tolerance.atol + tolerance.rtol * Math.abs(ei);
    const ratio = diff / allowed;
    if (ratio > worstRatio) {
      worstRatio = ratio;
      worstIndex = i;
    }
    if (diff > allowed) ok = false;
  }
  return { name, ok, maxAbs, maxRel, worstRatio, worstIndex };
}

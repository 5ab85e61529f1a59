/**
 * Element-wise comparison with a reference, as `numpy.allclose`: `|actual - expected| <= atol +
 * rtol * |expected|`. Integer and bool tensors must match exactly (a token id is right or wrong).
 */
import type { Tensor } from '@tensorgrad/autograd';
import { shapeString } from '@tensorgrad/tensor';

/** Absolute and relative tolerance of one comparison. */
export interface Tolerance {
  readonly atol: number;
  readonly rtol: number;
}

/** The outcome of comparing one tensor. */
export interface TensorComparison {
  /** Fixture name of the reference (`output.logits`, `grad.param.cls_token`, ...). */
  readonly name: string;
  readonly ok: boolean;
  readonly maxAbs: number;
  /** Largest relative error over elements whose expected value is not 0. */
  readonly maxRel: number;
  /** Largest `|actual - expected| / (atol + rtol * |expected|)`: how close to the edge. */
  readonly worstRatio: number;
  /** Flat index of the element that set `worstRatio` (or of the first mismatch). */
  readonly worstIndex: number;
  /** Why the comparison failed outright (shape or dtype mismatch, NaN), if it did. */
  readonly reason?: string;
}

function isIntegerKind(dtype: string): boolean {
  return dtype === 'int32' || dtype === 'bool';
}

/** Compares `actual` with `expected`; a bool tensor equals an I32 reference holding 0/1. */
export function compareTensors(
  name: string,
  actual: Tensor,
  expected: Tensor,
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
      `shape ${shapeString(actual.shape)} but the reference has ${shapeString(expected.shape)}`,
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

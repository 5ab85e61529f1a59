/**
 * Elementwise ops: unary functions, broadcasting binary ops, comparisons, logical ops, `where`.
 *
 * Each op resolves broadcasting (zero strides) and dtype promotion here, converts operands to
 * the computation dtype, and hands equal-shape views to one backend primitive.
 */
import type { BinaryOp, DType, UnaryOp } from '../backend/backend.js';
import { dispatch } from '../backend/dispatch.js';
import { floatDtype, isFloat, resultType } from '../dtype.js';
import { broadcastShapes, broadcastStrides } from '../shape.js';
import { Tensor, fromData, type Operand } from '../tensor.js';
import { copyAs } from './cast.js';
import { scalar } from './scalar.js';

/** How an op decides its computation and result dtypes. */
type Kind = 'arith' | 'truediv' | 'compare' | 'logical';

function dtypeOf(x: Operand): DType | number | boolean {
  return x instanceof Tensor ? x.dtype : x;
}

/** `x` as a tensor of `dtype`; new tensors are pushed to `temps` for the caller to dispose. */
function asTensor(x: Operand, dtype: DType, temps: Tensor[]): Tensor {
  if (!(x instanceof Tensor)) {
    const t = scalar(typeof x === 'boolean' ? Number(x) : x, dtype);
    temps.push(t);
    return t;
  }
  if (x.dtype === dtype) return x;
  const t = copyAs(x, dtype);
  temps.push(t);
  return t;
}

function computeDtype(kind: Kind, a: Operand, b: Operand): DType {
  if (kind === 'logical') return 'bool';
  const t = resultType(dtypeOf(a), dtypeOf(b));
  return kind === 'truediv' ? floatDtype(t) : t;
}

/** Apply a broadcasting binary primitive. */
function binary(name: string, op: BinaryOp, kind: Kind, a: Operand, b: Operand): Tensor {
  if (!(a instanceof Tensor) && !(b instanceof Tensor)) {
    throw new Error(
      `${name}: expected at least one tensor operand, got ${typeof a} and ${typeof b}`,
    );
  }
  const dtype = computeDtype(kind, a, b);
  const outDtype: DType = kind === 'compare' || kind === 'logical' ? 'bool' : dtype;
  const temps: Tensor[] = [];
  try {
    const x = asTensor(a, dtype, temps);
    const y = asTensor(b, dtype, temps);
    const shape = broadcastShapes(name, x.shape, y.shape);
    const vx = { ...x.strided, shape, strides: broadcastStrides(x.shape, x.strides, shape) };
    const vy = { ...y.strided, shape, strides: broadcastStrides(y.shape, y.strides, shape) };
    const { backend, result } = dispatch([dtype, outDtype], [vx, vy], (be, [p, q]) =>
      be.binary(op, p, q, outDtype),
    );
    return fromData(backend, result, shape, outDtype);
  } finally {
    for (const t of temps) t.dispose();
  }
}

/** Apply a unary primitive; `kind` picks the result dtype from the input's. */
function unary(op: UnaryOp, x: Tensor, kind: 'float' | 'same' | 'bool'): Tensor {
  if (!(x instanceof Tensor)) throw new Error(`${op}: expected a tensor, got ${typeof x}`);
  const inDtype: DType = kind === 'float' ? floatDtype(x.dtype) : op === 'not' ? 'bool' : x.dtype;
  const outDtype: DType = kind === 'bool' ? 'bool' : inDtype;
  const temps: Tensor[] = [];
  try {
    const input = asTensor(x, inDtype, temps);
    const { backend, result } = dispatch([inDtype, outDtype], [input.strided], (be, [v]) =>
      be.unary(op, v, outDtype),
    );
    return fromData(backend, result, x.shape, outDtype);
  } finally {
    for (const t of temps) t.dispose();
  }
}

/** `a + b` with broadcasting. @example add(tensor([1, 2]), 1).toArray() // [2, 3] */
export const add = (a: Operand, b: Operand): Tensor => binary('add', 'add', 'arith', a, b);
/** `a - b`. @example sub(tensor([1, 2]), 1).toArray() // [0, 1] */
export const sub = (a: Operand, b: Operand): Tensor => binary('sub', 'sub', 'arith', a, b);
/** `a * b`. @example mul(tensor([1, 2]), 2).toArray() // [2, 4] */
export const mul = (a: Operand, b: Operand): Tensor => binary('mul', 'mul', 'arith', a, b);
/** True division; int/bool operands give float32. @example div(arange(3), 2).toArray() // [0, 0.5, 1] */
export const div = (a: Operand, b: Operand): Tensor => binary('div', 'div', 'truediv', a, b);
/**
 * `a ** b`. Integer tensors to a negative integer power are an error, as in torch (the result
 * would silently truncate to 0).
 * @example pow(tensor([2, 3]), 2).toArray() // [4, 9]
 */
export function pow(a: Operand, b: Operand): Tensor {
  if (
    typeof b === 'number' &&
    b < 0 &&
    Number.isInteger(b) &&
    a instanceof Tensor &&
    !isFloat(a.dtype)
  ) {
    throw new Error(
      `pow: integers to negative integer powers are not allowed (got ${a.dtype} ** ${b})`,
    );
  }
  return binary('pow', 'pow', 'arith', a, b);
}
/** Elementwise max, NaN propagating. @example maximum(tensor([1, 5]), 3).toArray() // [3, 5] */
export const maximum = (a: Operand, b: Operand): Tensor =>
  binary('maximum', 'maximum', 'arith', a, b);
/** Elementwise min, NaN propagating. @example minimum(tensor([1, 5]), 3).toArray() // [1, 3] */
export const minimum = (a: Operand, b: Operand): Tensor =>
  binary('minimum', 'minimum', 'arith', a, b);
/** Python-style remainder (sign of the divisor). @example mod(tensor([-3]), 2).toArray() // [1] */
export const mod = (a: Operand, b: Operand): Tensor => binary('mod', 'mod', 'arith', a, b);
/** `a == b` → bool. @example eq(tensor([1, 2]), 2).toArray() // [false, true] */
export const eq = (a: Operand, b: Operand): Tensor => binary('eq', 'eq', 'compare', a, b);
/** `a != b` → bool. */
export const ne = (a: Operand, b: Operand): Tensor => binary('ne', 'ne', 'compare', a, b);
/** `a < b` → bool. */
export const lt = (a: Operand, b: Operand): Tensor => binary('lt', 'lt', 'compare', a, b);
/** `a <= b` → bool. */
export const le = (a: Operand, b: Operand): Tensor => binary('le', 'le', 'compare', a, b);
/** `a > b` → bool. */
export const gt = (a: Operand, b: Operand): Tensor => binary('gt', 'gt', 'compare', a, b);
/** `a >= b` → bool. */
export const ge = (a: Operand, b: Operand): Tensor => binary('ge', 'ge', 'compare', a, b);
/** Logical and (non-zero is true) → bool. */
export const logicalAnd = (a: Operand, b: Operand): Tensor =>
  binary('logicalAnd', 'and', 'logical', a, b);
/** Logical or → bool. */
export const logicalOr = (a: Operand, b: Operand): Tensor =>
  binary('logicalOr', 'or', 'logical', a, b);
/** Logical exclusive or → bool. */
export const logicalXor = (a: Operand, b: Operand): Tensor =>
  binary('logicalXor', 'xor', 'logical', a, b);

/** `-x`. @example neg(tensor([1])).toArray() // [-1] */
export const neg = (x: Tensor): Tensor => unary('neg', x, 'same');
/** `|x|`. */
export const abs = (x: Tensor): Tensor => unary('abs', x, 'same');
/** -1, 0 or 1 (0 for NaN-free zero). */
export const sign = (x: Tensor): Tensor => unary('sign', x, 'same');
/** `e^x`; int/bool give float32. */
export const exp = (x: Tensor): Tensor => unary('exp', x, 'float');
/** Natural log. */
export const log = (x: Tensor): Tensor => unary('log', x, 'float');
/** `log(1 + x)`. */
export const log1p = (x: Tensor): Tensor => unary('log1p', x, 'float');
/** Square root. */
export const sqrt = (x: Tensor): Tensor => unary('sqrt', x, 'float');
/** `1 / sqrt(x)`. */
export const rsqrt = (x: Tensor): Tensor => unary('rsqrt', x, 'float');
/** Sine. */
export const sin = (x: Tensor): Tensor => unary('sin', x, 'float');
/** Cosine. */
export const cos = (x: Tensor): Tensor => unary('cos', x, 'float');
/** Hyperbolic tangent. */
export const tanh = (x: Tensor): Tensor => unary('tanh', x, 'float');
/** Logistic sigmoid. */
export const sigmoid = (x: Tensor): Tensor => unary('sigmoid', x, 'float');
/** `max(x, 0)`, keeping the dtype. */
export const relu = (x: Tensor): Tensor => unary('relu', x, 'same');
/** Exact (erf) GELU. @example gelu(tensor([0])).toArray() // [0] */
export const gelu = (x: Tensor): Tensor => unary('gelu', x, 'float');
/** Gauss error function. */
export const erf = (x: Tensor): Tensor => unary('erf', x, 'float');
/** Round down (ints unchanged). */
export const floor = (x: Tensor): Tensor => unary('floor', x, 'same');
/** Round up. */
export const ceil = (x: Tensor): Tensor => unary('ceil', x, 'same');
/** Round half to even. @example round(tensor([0.5, 1.5])).toArray() // [0, 2] */
export const round = (x: Tensor): Tensor => unary('round', x, 'same');
/** `1 / x` (float result). */
export const reciprocal = (x: Tensor): Tensor => unary('reciprocal', x, 'float');
/** `x * x`. */
export const square = (x: Tensor): Tensor => unary('square', x, 'same');
/** Which elements are NaN → bool. */
export const isnan = (x: Tensor): Tensor => unary('isnan', x, 'bool');
/** Which elements are finite → bool. */
export const isfinite = (x: Tensor): Tensor => unary('isfinite', x, 'bool');
/** Logical not → bool. */
export const logicalNot = (x: Tensor): Tensor => unary('not', x, 'bool');

/**
 * Limit `x` to `[min, max]`; either bound may be omitted (when min > max every element becomes
 * max, as in torch).
 * @example clamp(tensor([-2, 0, 2]), -1, 1).toArray() // [-1, 0, 1]
 */
export function clamp(x: Tensor, min?: Operand, max?: Operand): Tensor {
  if (min === undefined && max === undefined) {
    throw new Error('clamp: expected at least one of min and max, got neither');
  }
  if (min === undefined) return minimum(x, max!);
  const low = maximum(x, min);
  if (max === undefined) return low;
  const out = minimum(low, max);
  low.dispose();
  return out;
}

/**
 * `cond ? a : b` elementwise, broadcasting all three; `cond` is converted to bool.
 * @example where(tensor([true, false]), 1, tensor([5, 6])).toArray() // [1, 6]
 */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  if (!(cond instanceof Tensor))
    throw new Error(`where: expected a condition tensor, got ${typeof cond}`);
  const dtype = resultType(dtypeOf(a), dtypeOf(b));
  const temps: Tensor[] = [];
  try {
    const c = asTensor(cond, 'bool', temps);
    const x = asTensor(a, dtype, temps);
    const y = asTensor(b, dtype, temps);
    const shape = broadcastShapes('where', c.shape, x.shape, y.shape);
    const vs = [c, x, y].map((t) => ({
      ...t.strided,
      shape,
      strides: broadcastStrides(t.shape, t.strides, shape),
    }));
    const { backend, result } = dispatch(['bool', dtype], vs, (be, [vc, va, vb]) =>
      be.where(vc, va, vb, dtype),
    );
    return fromData(backend, result, shape, dtype);
  } finally {
    for (const t of temps) t.dispose();
  }
}

/**
 * A copy of `x` with `value` where `mask` (broadcast to `x`'s shape) is true; keeps `x`'s dtype.
 * @example maskedFill(zeros([2]), tensor([true, false]), 7).toArray() // [7, 0]
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | boolean): Tensor {
  const shape = broadcastShapes('maskedFill', x.shape, mask.shape);
  if (shape.length !== x.ndim || shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(
      `maskedFill: mask of shape [${mask.shape.join(',')}] does not broadcast to the tensor's shape [${x.shape.join(',')}]`,
    );
  }
  const fill = scalar(Number(value), x.dtype);
  try {
    return where(mask, fill, x);
  } finally {
    fill.dispose();
  }
}

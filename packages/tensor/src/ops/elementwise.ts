/**
 * Elementwise ops: unary functions, broadcasting binary ops, comparisons, logical ops, `where`.
 *
 * Each op resolves broadcasting (zero strides) and dtype promotion here, converts operands to
 * the computation dtype, and hands equal-shape views to one backend primitive.
 */
import type { BinaryOp, DType, UnaryOp } from '../backend/backend.js';
import { dispatch } from '../backend/dispatch.js';
import { checkInt32Range, floatDtype, isFloat, resultType } from '../dtype.js';
import { broadcastShapes, broadcastStrides, shapeString, sizeOf } from '../shape.js';
import { NDArray, fromData, type Operand } from '../ndarray.js';
import { copyAs } from './cast.js';
import { scalar } from './scalar.js';

/** How an op decides its computation and result dtypes. */
type Kind = 'arith' | 'truediv' | 'compare' | 'logical';

function dtypeOf(x: Operand): DType | number | boolean {
  return x instanceof NDArray ? x.dtype : x;
}

/** `x` as a tensor of `dtype`; new tensors are pushed to `temps` for the caller to dispose. */
function asTensor(x: Operand, dtype: DType, temps: NDArray[]): NDArray {
  if (!(x instanceof NDArray)) {
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

/**
 * Throws unless `x` is a tensor, a number or a boolean: anything else (an object, an array, a
 * string) would reach a kernel as an argument no backend can type.
 */
function checkOperand(name: string, x: unknown, which: string): void {
  if (x instanceof NDArray || typeof x === 'number' || typeof x === 'boolean') return;
  const got = x === null ? 'null' : Array.isArray(x) ? 'an array' : `a value of type ${typeof x}`;
  throw new Error(
    `${name}: expected a tensor or a number as the ${which} operand, received ${got}` +
      (Array.isArray(x) ? ' (make it a tensor first: tensor([...]))' : ''),
  );
}

/** Apply a broadcasting binary primitive. */
function binary(name: string, op: BinaryOp, kind: Kind, a: Operand, b: Operand): NDArray {
  checkOperand(name, a, 'first');
  checkOperand(name, b, 'second');
  if (!(a instanceof NDArray) && !(b instanceof NDArray)) {
    throw new Error(
      `${name}: expected at least one tensor operand, got ${typeof a} and ${typeof b}`,
    );
  }
  const dtype = computeDtype(kind, a, b);
  const outDtype: DType = kind === 'compare' || kind === 'logical' ? 'bool' : dtype;
  const temps: NDArray[] = [];
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
function unary(op: UnaryOp, x: NDArray, kind: 'float' | 'same' | 'bool'): NDArray {
  if (!(x instanceof NDArray)) throw new Error(`${op}: expected a tensor, got ${typeof x}`);
  const inDtype: DType = kind === 'float' ? floatDtype(x.dtype) : op === 'not' ? 'bool' : x.dtype;
  const outDtype: DType = kind === 'bool' ? 'bool' : inDtype;
  const temps: NDArray[] = [];
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

/** `a + b` with broadcasting. */
export const add = (a: Operand, b: Operand): NDArray => binary('add', 'add', 'arith', a, b);
/**
 * `a - b`.
 * @example
 * ```ts
 * import { sub, tensor } from '@tensorgrad/tensor';
 * const y = sub(tensor([1, 2]), tensor([[1], [2]]));
 * if (JSON.stringify(y.toArray()) !== '[[0,1],[-1,0]]') throw new Error('sub');
 * ```
 */
export function sub(a: Operand, b: Operand): NDArray {
  rejectBoolSubtraction(a, b);
  return binary('sub', 'sub', 'arith', a, b);
}

const isBool = (x: Operand): boolean =>
  x instanceof NDArray ? x.dtype === 'bool' : typeof x === 'boolean';

/** PyTorch refuses `-` on bool tensors (a JS boolean counts as bool), with these words. */
function rejectBoolSubtraction(a: Operand, b: Operand): void {
  if (isBool(a) && isBool(b)) {
    throw new Error(
      'sub: Subtraction, the `-` operator, with two bool tensors is not supported. ' +
        'Use logicalXor() instead.',
    );
  }
  if (isBool(a) || isBool(b)) {
    throw new Error(
      'sub: Subtraction, the `-` operator, with a bool tensor is not supported. ' +
        'If you are trying to invert a mask, use logicalNot() instead.',
    );
  }
}
/** `a * b`. */
export const mul = (a: Operand, b: Operand): NDArray => binary('mul', 'mul', 'arith', a, b);
/**
 * True division; int/bool operands give float32.
 * @example
 * ```ts
 * import { arange, div } from '@tensorgrad/tensor';
 * const y = div(arange(3), 2); // int32 / int gives float32
 * if (y.dtype !== 'float32' || String(y.toArray()) !== '0,0.5,1') throw new Error('div');
 * ```
 */
export const div = (a: Operand, b: Operand): NDArray => binary('div', 'div', 'truediv', a, b);
/**
 * `a ** b`. Integer tensors to a negative integer power are an error, as in torch (the result
 * would silently truncate to 0).
 */
export function pow(a: Operand, b: Operand): NDArray {
  if (
    typeof b === 'number' &&
    b < 0 &&
    Number.isInteger(b) &&
    a instanceof NDArray &&
    !isFloat(a.dtype)
  ) {
    throw new Error(
      `pow: integers to negative integer powers are not allowed (got ${a.dtype} ** ${b})`,
    );
  }
  return binary('pow', 'pow', 'arith', a, b);
}
/**
 * Elementwise max, NaN propagating.
 * @example
 * ```ts
 * import { maximum, tensor } from '@tensorgrad/tensor';
 * const y = maximum(tensor([1, 5, NaN]), 3);
 * if (String(y.toArray()) !== '3,5,NaN') throw new Error('maximum');
 * ```
 */
export const maximum = (a: Operand, b: Operand): NDArray =>
  binary('maximum', 'maximum', 'arith', a, b);
/** Elementwise min, NaN propagating. */
export const minimum = (a: Operand, b: Operand): NDArray =>
  binary('minimum', 'minimum', 'arith', a, b);
/**
 * Python-style remainder (sign of the divisor).
 * @example
 * ```ts
 * import { mod, tensor } from '@tensorgrad/tensor';
 * const y = mod(tensor([-3, 3]), 2); // the sign of the divisor, as Python's %
 * if (String(y.toArray()) !== '1,1') throw new Error('mod');
 * ```
 */
export function mod(a: Operand, b: Operand): NDArray {
  if (!isFloat(computeDtype('arith', a, b))) rejectIntegerDivisionByZero('mod', a, b);
  return binary('mod', 'mod', 'arith', a, b);
}

/**
 * PyTorch raises ZeroDivisionError for an integer division or remainder by zero on the cpu,
 * where a float one gives NaN or ±Infinity; checked here, before any kernel runs, so that both
 * backends refuse it (a gpu kernel would compute in float32 and store a truncated NaN).
 */
function rejectIntegerDivisionByZero(op: string, a: Operand, b: Operand): void {
  const shapeOf = (x: Operand): readonly number[] => (x instanceof NDArray ? x.shape : []);
  if (sizeOf(broadcastShapes(op, shapeOf(a), shapeOf(b))) === 0) return;
  const hasZero = b instanceof NDArray ? b.data().includes(0) : Number(b) === 0;
  if (hasZero) {
    throw new Error(
      `${op}: integer division by zero (the divisor holds 0), as PyTorch's ZeroDivisionError; ` +
        `cast to a float dtype first for NaN or ±Infinity instead`,
    );
  }
}
/** `a == b` → bool. */
export const eq = (a: Operand, b: Operand): NDArray => binary('eq', 'eq', 'compare', a, b);
/** `a != b` → bool. */
export const ne = (a: Operand, b: Operand): NDArray => binary('ne', 'ne', 'compare', a, b);
/** `a < b` → bool. */
export const lt = (a: Operand, b: Operand): NDArray => binary('lt', 'lt', 'compare', a, b);
/** `a <= b` → bool. */
export const le = (a: Operand, b: Operand): NDArray => binary('le', 'le', 'compare', a, b);
/** `a > b` → bool. */
export const gt = (a: Operand, b: Operand): NDArray => binary('gt', 'gt', 'compare', a, b);
/** `a >= b` → bool. */
export const ge = (a: Operand, b: Operand): NDArray => binary('ge', 'ge', 'compare', a, b);
/** Logical and (non-zero is true) → bool. */
export const logicalAnd = (a: Operand, b: Operand): NDArray =>
  binary('logicalAnd', 'and', 'logical', a, b);
/** Logical or → bool. */
export const logicalOr = (a: Operand, b: Operand): NDArray =>
  binary('logicalOr', 'or', 'logical', a, b);
/** Logical exclusive or → bool. */
export const logicalXor = (a: Operand, b: Operand): NDArray =>
  binary('logicalXor', 'xor', 'logical', a, b);

/** `-x`. */
export function neg(x: NDArray): NDArray {
  if (x instanceof NDArray && x.dtype === 'bool') {
    throw new Error(
      'neg: Negation, the `-` operator, on a bool tensor is not supported. ' +
        'If you are trying to invert a mask, use logicalNot() instead.',
    );
  }
  return unary('neg', x, 'same');
}
/** `|x|`. */
export const abs = (x: NDArray): NDArray => unary('abs', x, 'same');
/** -1, 0 or 1 (0 for NaN-free zero). */
export const sign = (x: NDArray): NDArray => unary('sign', x, 'same');
/** `e^x`; int/bool give float32. */
export const exp = (x: NDArray): NDArray => unary('exp', x, 'float');
/** Natural log. */
export const log = (x: NDArray): NDArray => unary('log', x, 'float');
/**
 * `log(1 + x)`.
 * @example
 * ```ts
 * import { log1p, tensor } from '@tensorgrad/tensor';
 * const y = log1p(tensor([0, 1e-10], { dtype: 'float64' })); // accurate where log(1 + x) rounds to 0
 * if (Math.abs((y.toArray() as number[])[1]! - 1e-10) > 1e-20) throw new Error('log1p');
 * ```
 */
export const log1p = (x: NDArray): NDArray => unary('log1p', x, 'float');
/** Square root. */
export const sqrt = (x: NDArray): NDArray => unary('sqrt', x, 'float');
/** `1 / sqrt(x)`. */
export const rsqrt = (x: NDArray): NDArray => unary('rsqrt', x, 'float');
/** Sine. */
export const sin = (x: NDArray): NDArray => unary('sin', x, 'float');
/** Cosine. */
export const cos = (x: NDArray): NDArray => unary('cos', x, 'float');
/** Hyperbolic tangent. */
export const tanh = (x: NDArray): NDArray => unary('tanh', x, 'float');
/** Logistic sigmoid. */
export const sigmoid = (x: NDArray): NDArray => unary('sigmoid', x, 'float');
/** `max(x, 0)`, keeping the dtype. */
export const relu = (x: NDArray): NDArray => unary('relu', x, 'same');
/** Exact (erf) GELU. */
export const gelu = (x: NDArray): NDArray => unary('gelu', x, 'float');
/**
 * gelu's derivative `Φ(x) + x φ(x)`, the factor of its backward (one kernel instead of the
 * dozen elementwise passes erf, exp and the products would take).
 * @example
 * ```ts
 * import { geluGrad, tensor } from '@tensorgrad/tensor';
 * const [d0] = geluGrad(tensor([0])).toArray() as number[];
 * if (d0 !== 0.5) throw new Error('Φ(0) = 1/2');
 * ```
 */
export const geluGrad = (x: NDArray): NDArray => unary('geluGrad', x, 'float');
/** Gauss error function. */
export const erf = (x: NDArray): NDArray => unary('erf', x, 'float');
/** Round down (ints unchanged). */
export const floor = (x: NDArray): NDArray => unary('floor', x, 'same');
/** Round up. */
export const ceil = (x: NDArray): NDArray => unary('ceil', x, 'same');
/**
 * Round half to even.
 * @example
 * ```ts
 * import { round, tensor } from '@tensorgrad/tensor';
 * const y = round(tensor([0.5, 1.5, 2.5])); // half to even
 * if (String(y.toArray()) !== '0,2,2') throw new Error('round');
 * ```
 */
export const round = (x: NDArray): NDArray => unary('round', x, 'same');
/** `1 / x` (float result). */
export const reciprocal = (x: NDArray): NDArray => unary('reciprocal', x, 'float');
/** `x * x`. */
export const square = (x: NDArray): NDArray => unary('square', x, 'same');
/** Which elements are NaN → bool. */
export const isnan = (x: NDArray): NDArray => unary('isnan', x, 'bool');
/** Which elements are finite → bool. */
export const isfinite = (x: NDArray): NDArray => unary('isfinite', x, 'bool');
/** Logical not → bool. */
export const logicalNot = (x: NDArray): NDArray => unary('not', x, 'bool');

/**
 * Limit `x` to `[min, max]`; either bound may be omitted (when min > max every element becomes
 * max, as in torch).
 */
export function clamp(x: NDArray, min?: Operand, max?: Operand): NDArray {
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
 * @example
 * ```ts
 * import { tensor, where } from '@tensorgrad/tensor';
 * const y = where(tensor([true, false]), 1, tensor([5, 6]));
 * if (String(y.toArray()) !== '1,6') throw new Error('where');
 * ```
 */
export function where(cond: NDArray, a: Operand, b: Operand): NDArray {
  if (!(cond instanceof NDArray))
    throw new Error(`where: expected a condition tensor, got ${typeof cond}`);
  const dtype = resultType(dtypeOf(a), dtypeOf(b));
  const temps: NDArray[] = [];
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
 * @example
 * ```ts
 * import { maskedFill, tensor, zeros } from '@tensorgrad/tensor';
 * const y = maskedFill(zeros([2, 2]), tensor([true, false]), 7); // the mask broadcasts
 * if (JSON.stringify(y.toArray()) !== '[[7,0],[7,0]]') throw new Error('maskedFill');
 * ```
 */
export function maskedFill(x: NDArray, mask: NDArray, value: number | boolean): NDArray {
  const shape = broadcastShapes('maskedFill', x.shape, mask.shape);
  if (shape.length !== x.ndim || shape.some((d, i) => d !== x.shape[i])) {
    throw new Error(
      `maskedFill: mask of shape ${shapeString(mask.shape)} does not broadcast to the tensor's shape ${shapeString(x.shape)}`,
    );
  }
  if (x.dtype === 'int32') checkInt32Range('maskedFill', [Number(value)]);
  const fill = scalar(Number(value), x.dtype);
  try {
    return where(mask, fill, x);
  } finally {
    fill.dispose();
  }
}

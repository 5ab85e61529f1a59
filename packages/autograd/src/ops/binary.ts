/**
 * Elementwise functions of two operands. Each broadcasts and promotes its inputs, so each rule
 * returns the gradient at the output's shape and `defineOp` sums it back (`broadcasts: true`).
 */
import { type NDArray, where as rawWhere } from '@tensorgrad/tensor';
import { zerosLike } from '../creation.js';
import { defineOp, type Op, type Operand, type RawOperand } from '../define-op.js';
import { where } from '../functions.js';
import { Tensor } from '../tensor.js';

type XY = { x: NDArray; y: RawOperand };

/** An operand known to be a tensor: rules only run for inputs that are tensors requiring grad. */
function asTensor(x: Operand): Tensor {
  if (!(x instanceof Tensor))
    throw new Error('internal: a gradient was requested for a scalar operand');
  return x;
}

/**
 * PyTorch's rule for maximum/minimum: an operand gets the gradient unless it lost, and half of
 * it at a tie. A comparison with NaN is false, so both sides of a NaN get the whole gradient.
 */
function extremumGradient(
  g: Tensor,
  mine: Operand,
  other: Operand,
  loses: (a: Tensor) => Tensor,
): Tensor {
  const self = asTensor(mine);
  return where(loses(self), 0, where(self.eq(other), g.mul(0.5), g));
}

/** The inputs of {@link whereOp}. */
type WhereInputs = { cond: NDArray; a: RawOperand; b: RawOperand };

/** `cond ? a : b`; each branch gets the gradient where it was taken. */
export const whereOp = defineOp({
  name: 'where',
  broadcasts: true,
  forward: ({ cond, a, b }: WhereInputs) => rawWhere(cond, a, b),
  backward: { a: (g, { cond }) => where(cond, g, 0), b: (g, { cond }) => where(cond, 0, g) },
});

/** The inputs of {@link maskedFill}. */
type MaskedFillInputs = { x: NDArray; mask: NDArray };

/** `x` with `value` where `mask` is true; those elements get no gradient. */
export const maskedFill = defineOp({
  name: 'maskedFill',
  broadcasts: true,
  forward: ({ x, mask }: MaskedFillInputs, value: number | boolean) => x.maskedFill(mask, value),
  backward: { x: (g, { mask }) => where(mask, 0, g) },
});

/**
 * The binary elementwise family: each entry is one op, declared once, and also becomes the
 * `Tensor` method of the same name taking the other operand (`x.add(y)`, `x.add(1)`);
 * `tensor.ts` installs one method per entry. Every entry broadcasts and promotes its operands.
 */
/**
 * The names of the family, spelled out: `Tensor`'s method types are computed from these keys,
 * and the rules' own types are computed from `Tensor`, so the keys cannot be inferred from the
 * table without a cycle. The annotation below makes the table and this list agree.
 */
export type BinaryName = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'mod';

export const BINARY: { readonly [K in BinaryName]: Op<XY, void> } = {
  /** `x + y`. */
  add: defineOp({
    name: 'add',
    broadcasts: true,
    forward: ({ x, y }: XY) => x.add(y),
    backward: { x: (g) => g, y: (g) => g },
  }),

  /** `x - y`. */
  sub: defineOp({
    name: 'sub',
    broadcasts: true,
    forward: ({ x, y }: XY) => x.sub(y),
    backward: { x: (g) => g, y: (g) => g.neg() },
  }),

  /** `x * y`. */
  mul: defineOp({
    name: 'mul',
    broadcasts: true,
    forward: ({ x, y }: XY) => x.mul(y),
    backward: { x: (g, { y }) => g.mul(y), y: (g, { x }) => g.mul(x) },
  }),

  /** `x / y` (true division). */
  div: defineOp({
    name: 'div',
    broadcasts: true,
    forward: ({ x, y }: XY) => x.div(y),
    // d(x/y)/dy = -x/y² = -out/y, which reuses the output instead of squaring y.
    backward: { x: (g, { y }) => g.div(y), y: (g, { y, out }) => g.mul(out).div(y).neg() },
  }),

  /** `x ** y`. */
  pow: defineOp({
    name: 'pow',
    broadcasts: true,
    forward: ({ x, y }: XY) => x.pow(y),
    backward: {
      // PyTorch's conventions: the x-gradient is 0 where y = 0 (even at x = 0), and the
      // y-gradient is 0 where x = 0 and y >= 0 (the limit of x^y log x), instead of NaN.
      x: (g, { x, y }) => {
        if (!(y instanceof Tensor)) {
          const exponent = Number(y);
          return exponent === 0 ? zerosLike(g) : g.mul(x.pow(exponent - 1)).mul(exponent);
        }
        return where(y.eq(0), 0, g.mul(y).mul(x.pow(y.sub(1))));
      },
      y: (g, { x, y, out }) => {
        const exponent = asTensor(y);
        return where(x.eq(0).logicalAnd(exponent.ge(0)), 0, g.mul(out).mul(x.log()));
      },
    },
  }),

  /** Elementwise maximum. */
  maximum: defineOp({
    name: 'maximum',
    broadcasts: true,
    forward: ({ x, y }: XY) => x.maximum(y),
    backward: {
      x: (g, { x, y }) => extremumGradient(g, x, y, (a) => a.lt(y)),
      y: (g, { x, y }) => extremumGradient(g, y, x, (b) => b.lt(x)),
    },
  }),

  /** Elementwise minimum. */
  minimum: defineOp({
    name: 'minimum',
    broadcasts: true,
    forward: ({ x, y }: XY) => x.minimum(y),
    backward: {
      x: (g, { x, y }) => extremumGradient(g, x, y, (a) => a.gt(y)),
      y: (g, { x, y }) => extremumGradient(g, y, x, (b) => b.gt(x)),
    },
  }),

  /** Python-style remainder. */
  mod: defineOp({
    name: 'mod',
    broadcasts: true,
    forward: ({ x, y }: XY) => x.mod(y),
    // mod(x, y) = x - floor(x / y) * y (Python's sign convention), differentiable away from the jumps.
    backward: {
      x: (g) => g,
      y: (g, { x, y }) => g.mul(x.div(y).floor()).neg(),
    },
  }),
};

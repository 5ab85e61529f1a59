/** Elementwise functions of one tensor and their derivatives. */
import { type NDArray, geluGrad, tidy } from '@tensorgrad/tensor';
import { zerosLike } from '../creation.js';
import { defineOp, type Op } from '../define-op.js';
import { where } from '../functions.js';
import type { Tensor } from '../tensor.js';

type X = { x: NDArray };

/** Step functions have a zero derivative wherever they have one at all (as in PyTorch). */
const zeroGradient = (_g: Tensor, { x }: { x: Tensor }): Tensor => zerosLike(x);

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);

/** Bounds of {@link clamp}; either may be left out. */
export interface ClampBounds {
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/** `x` limited to number bounds `[min, max]`. */
export const clamp = defineOp({
  name: 'clamp',
  forward: ({ x }: X, { min, max }: ClampBounds) => x.clamp(min, max),
  // The gradient passes where min <= x <= max (bounds included, as in PyTorch); at NaN both
  // comparisons are false, so a NaN gets no gradient, as in PyTorch.
  backward: {
    x: (g, { x }, { min, max }) => {
      let result = g;
      if (min !== undefined) result = where(x.ge(min), result, 0);
      if (max !== undefined) result = where(x.le(max), result, 0);
      return result;
    },
  },
});

/** `x` where `x > 0`, else `negativeSlope · x` (`torch.nn.functional.leaky_relu`). */
export const leakyRelu = defineOp({
  name: 'leakyRelu',
  forward: ({ x }: X, negativeSlope: number) => tidy(() => x.where(x.gt(0), x.mul(negativeSlope))),
  // As PyTorch's leaky_relu_backward: the slope applies at 0 and at NaN (x > 0 is false there).
  backward: { x: (g, { x }, negativeSlope) => where(x.gt(0), g, g.mul(negativeSlope)) },
});

/** `x` where `x > 0`, else `α (eˣ − 1)` (`torch.nn.functional.elu`). */
export const elu = defineOp({
  name: 'elu',
  // `exp(x) - 1`, not expm1, as PyTorch 1.13 computes it (the two differ by ~1e-17 near 0).
  forward: ({ x }: X, alpha: number) => tidy(() => x.where(x.gt(0), x.exp().sub(1).mul(alpha))),
  // `g α eˣ` where x <= 0 (so the slope at 0 is α, as PyTorch), else `g` (NaN included). The
  // exponent is taken of x clamped to <= 0: e^x of a large positive x is never used, but an
  // infinity there would make the second derivative 0 · ∞ = NaN.
  backward: {
    x: (g, { x }, alpha) => {
      const negative = x.le(0);
      return where(negative, g.mul(where(negative, x, 0).exp()).mul(alpha), g);
    },
  },
});

/** What {@link softplus} takes: PyTorch's `beta` and `threshold`. */
export interface SoftplusAttrs {
  readonly beta: number;
  readonly threshold: number;
}

/** `log(1 + e^(βx)) / β`, or `x` itself where `βx > threshold` (`torch.nn.functional.softplus`). */
export const softplus = defineOp({
  name: 'softplus',
  // Past the threshold the function is x to within e^(-threshold) and e^(βx) could overflow,
  // so PyTorch returns x there (strictly greater: at βx = threshold the log form is used).
  forward: ({ x }: X, { beta, threshold }: SoftplusAttrs) =>
    tidy(() => {
      const scaled = x.mul(beta);
      return x.where(scaled.gt(threshold), scaled.exp().log1p().div(beta));
    }),
  // d/dx = e^(βx) / (1 + e^(βx)) = σ(βx), which never overflows (PyTorch's z / (z + 1) gives
  // ∞/∞ = NaN past ~709/β when the threshold is raised that far); 1 past the threshold.
  backward: {
    x: (g, { x }, { beta, threshold }) => {
      const scaled = x.mul(beta);
      return where(scaled.gt(threshold), g, g.mul(scaled.sigmoid()));
    },
  },
});

/**
 * The unary elementwise family. Each entry is one op, declared once, and also becomes the
 * `Tensor` method of the same name taking no argument (`x.exp()`): `tensor.ts` installs one
 * method per entry, so adding an op here is all it takes to give `Tensor` a new method.
 */
/**
 * The names of the family, spelled out: `Tensor`'s method types are computed from these keys,
 * and the rules' own types are computed from `Tensor`, so the keys cannot be inferred from the
 * table without a cycle. The annotation below makes the table and this list agree.
 */
export type UnaryName =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'sqrt'
  | 'rsqrt'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'gelu'
  | 'erf'
  | 'reciprocal'
  | 'square'
  | 'silu';

/**
 * gelu's derivative `Φ(x) + x φ(x)`, a declared op of its own so that gelu's backward stays
 * differentiable (second derivatives, gradient penalties): its own derivative is
 * `φ(x) (2 - x²)`, written with ops.
 */
export const geluDerivative = defineOp({
  name: 'geluDerivative',
  forward: ({ x }: X) => geluGrad(x),
  backward: {
    x: (g, { x }) => {
      const square = x.square();
      const pdf = square.mul(-0.5).exp().mul(INV_SQRT_2PI);
      return g.mul(pdf.mul(square.neg().add(2)));
    },
  },
});

export const UNARY: { readonly [K in UnaryName]: Op<X, void> } = {
  /** `-x`; gradient `-g`. */
  neg: defineOp({
    name: 'neg',
    forward: ({ x }: X) => x.neg(),
    backward: { x: (g) => g.neg() },
  }),

  /** `|x|`; gradient `g sign(x)`. */
  abs: defineOp({
    name: 'abs',
    forward: ({ x }: X) => x.abs(),
    // sign(0) = 0: the subgradient PyTorch picks at the kink.
    backward: { x: (g, { x }) => g.mul(x.sign()) },
  }),

  /** `sign(x)`; gradient 0. */
  sign: defineOp({
    name: 'sign',
    forward: ({ x }: X) => x.sign(),
    backward: { x: zeroGradient },
  }),

  /** `floor(x)`; gradient 0. */
  floor: defineOp({
    name: 'floor',
    forward: ({ x }: X) => x.floor(),
    backward: { x: zeroGradient },
  }),

  /** `ceil(x)`; gradient 0. */
  ceil: defineOp({
    name: 'ceil',
    forward: ({ x }: X) => x.ceil(),
    backward: { x: zeroGradient },
  }),

  /** `round(x)`; gradient 0. */
  round: defineOp({
    name: 'round',
    forward: ({ x }: X) => x.round(),
    backward: { x: zeroGradient },
  }),

  /** `e^x`; gradient `g e^x` (reuses the output). */
  exp: defineOp({
    name: 'exp',
    forward: ({ x }: X) => x.exp(),
    backward: { x: (g, { out }) => g.mul(out) },
  }),

  /** `ln x`; gradient `g / x`. */
  log: defineOp({
    name: 'log',
    forward: ({ x }: X) => x.log(),
    backward: { x: (g, { x }) => g.div(x) },
  }),

  /** `ln(1 + x)`; gradient `g / (1 + x)`. */
  log1p: defineOp({
    name: 'log1p',
    forward: ({ x }: X) => x.log1p(),
    backward: { x: (g, { x }) => g.div(x.add(1)) },
  }),

  /** `√x`; gradient `g / (2 √x)` (reuses the output). */
  sqrt: defineOp({
    name: 'sqrt',
    forward: ({ x }: X) => x.sqrt(),
    backward: { x: (g, { out }) => g.div(out.mul(2)) },
  }),

  /** `1 / √x`. */
  rsqrt: defineOp({
    name: 'rsqrt',
    forward: ({ x }: X) => x.rsqrt(),
    // d/dx x^(-1/2) = -1/2 x^(-3/2) = -1/2 out^3
    backward: { x: (g, { out }) => g.mul(out.mul(out).mul(out)).mul(-0.5) },
  }),

  /** `sin x`; gradient `g cos x`. */
  sin: defineOp({
    name: 'sin',
    forward: ({ x }: X) => x.sin(),
    backward: { x: (g, { x }) => g.mul(x.cos()) },
  }),

  /** `cos x`; gradient `-g sin x`. */
  cos: defineOp({
    name: 'cos',
    forward: ({ x }: X) => x.cos(),
    backward: { x: (g, { x }) => g.mul(x.sin()).neg() },
  }),

  /** `tanh x`; gradient `g (1 - tanh² x)` (reuses the output). */
  tanh: defineOp({
    name: 'tanh',
    forward: ({ x }: X) => x.tanh(),
    backward: { x: (g, { out }) => g.mul(out.mul(out).neg().add(1)) },
  }),

  /** `σ(x)`; gradient `g σ (1 - σ)` (reuses the output). */
  sigmoid: defineOp({
    name: 'sigmoid',
    forward: ({ x }: X) => x.sigmoid(),
    backward: { x: (g, { out }) => g.mul(out.mul(out.neg().add(1))) },
  }),

  /** `max(x, 0)`; gradient `g` where x > 0. */
  relu: defineOp({
    name: 'relu',
    forward: ({ x }: X) => x.relu(),
    // The derivative at 0 is taken as 0, as in PyTorch; at NaN the gradient passes (x <= 0 is
    // false there), as PyTorch's threshold_backward does.
    backward: { x: (g, { x }) => where(x.le(0), 0, g) },
  }),

  /** `x Φ(x)` (exact GELU). */
  gelu: defineOp({
    name: 'gelu',
    forward: ({ x }: X) => x.gelu(),
    // gelu(x) = x Φ(x) (the exact, erf-based form), so gelu'(x) = Φ(x) + x φ(x): one kernel
    // (geluDerivative) and a product, instead of a dozen passes through erf, exp and products.
    backward: { x: (g, { x }) => g.mul(geluDerivative({ x }, undefined)) },
  }),

  /** The error function; gradient `g 2/√π e^(-x²)`. */
  erf: defineOp({
    name: 'erf',
    forward: ({ x }: X) => x.erf(),
    backward: { x: (g, { x }) => g.mul(x.mul(x).neg().exp().mul(TWO_OVER_SQRT_PI)) },
  }),

  /** `1 / x`; gradient `-g / x²` (reuses the output). */
  reciprocal: defineOp({
    name: 'reciprocal',
    forward: ({ x }: X) => x.reciprocal(),
    backward: { x: (g, { out }) => g.mul(out.mul(out)).neg() },
  }),

  /** `x²`; gradient `2 g x`. */
  square: defineOp({
    name: 'square',
    forward: ({ x }: X) => x.square(),
    backward: { x: (g, { x }) => g.mul(x).mul(2) },
  }),

  /** `x σ(x)` (SiLU, also called swish, `torch.nn.functional.silu`); gradient `g σ (1 + x (1 - σ))`. */
  silu: defineOp({
    name: 'silu',
    // No primitive of its own: two array-layer ops, so no backend needed a new kernel.
    forward: ({ x }: X) => x.mul(x.sigmoid()),
    backward: {
      x: (g, { x }) => {
        const s = x.sigmoid();
        return g.mul(s.mul(x.mul(s.neg().add(1)).add(1)));
      },
    },
  }),
};

/**
 * im2col (`unfold`) and its adjoint col2im (`fold`), the two halves of conv2d on the gpu.
 * Both are gathers: every output element computes its own value, so no two threads write
 * the same place (fold loops over the kernel window instead of scattering into it).
 */
import type { Conv2dGeometry, View } from '../../backend.js';
import type { DeviceArray, KernelSignature } from '../gpu-runtime.js';
import { sizeOf, unravel } from '../strided.js';
import { arrayOf, type KernelContext } from './kernel-context.js';

/** Geometry scalars shared by both kernels, in argument order. */
const GEOMETRY = ['C', 'H', 'W', 'KH', 'KW', 'SH', 'SW', 'PH', 'PW', 'DH', 'DW', 'OH', 'OW'];

function geometryArgs(g: Conv2dGeometry): number[] {
  return [
    g.c,
    g.h,
    g.w,
    g.kernelH,
    g.kernelW,
    g.strideH,
    g.strideW,
    g.padH,
    g.padW,
    g.dilationH,
    g.dilationW,
    g.outH,
    g.outW,
  ];
}

const VIEW = ['xOff', 'xS0', 'xS1', 'xS2', 'xS3'];

/** Output [n, c*kh*kw, oh*ow] unravelled as [n, c, kh, kw, oh, ow]; zero outside the input. */
function unfoldSignature(): KernelSignature {
  const scalars = [...GEOMETRY, ...VIEW, 'u1', 'u2', 'u3', 'u4', 'u5'];
  const lines = [
    `function (x, ${scalars.join(', ')}) {`,
    ...unravel('this.thread.x * 1.0', 6, 'u', 'c'),
    'const ih = c4 * SH - PH + c2 * DH;',
    'const iw = c5 * SW - PW + c3 * DW;',
    'let r = 0.0;',
    'if (ih >= 0.0 && ih < H && iw >= 0.0 && iw < W) {',
    '  r = x[xOff + c0 * xS0 + c1 * xS1 + ih * xS2 + iw * xS3];',
    '}',
    'return r;',
    '}',
  ];
  return { source: lines.join('\n'), arrays: ['x'], scalars };
}

/**
 * Output [n, c, h, w]: sums the columns of every window position (ki, kj) whose output cell
 * (oh, ow) covers this input pixel: ih = oh * SH - PH + ki * DH must solve for an integer oh.
 */
function foldSignature(): KernelSignature {
  const scalars = [...GEOMETRY, ...VIEW, 'u1', 'u2', 'u3'];
  const lines = [
    `function (x, ${scalars.join(', ')}) {`,
    ...unravel('this.thread.x * 1.0', 4, 'u', 'c'),
    'let r = 0.0;',
    'for (let ki = 0; ki < KH; ki++) {',
    '  const hn = c2 + PH - ki * DH;',
    '  const oh = Math.floor((hn + 0.5) / SH);',
    '  if (hn >= 0.0 && hn - oh * SH == 0.0 && oh < OH) {',
    '    for (let kj = 0; kj < KW; kj++) {',
    '      const wn = c3 + PW - kj * DW;',
    '      const ow = Math.floor((wn + 0.5) / SW);',
    '      if (wn >= 0.0 && wn - ow * SW == 0.0 && ow < OW) {',
    '        const row = (c1 * KH + ki) * KW + kj;',
    '        r = r + x[xOff + c0 * xS0 + row * xS1 + (oh * OW + ow) * xS2];',
    '      }',
    '    }',
    '  }',
    '}',
    'return r;',
    '}',
  ];
  return { source: lines.join('\n'), arrays: ['x'], scalars };
}

/** im2col: `x` [n, c, h, w] → [n, c*kh*kw, outH*outW]. */
export function unfold(ctx: KernelContext, x: View, g: Conv2dGeometry): DeviceArray | null {
  const shape = [g.n, g.c, g.kernelH, g.kernelW, g.outH, g.outW];
  const size = sizeOf(shape);
  if (size === 0) return null;
  const kernel = ctx.cache.get('unfold', unfoldSignature);
  return kernel.run(size, [
    arrayOf(ctx, x.data, 'unfold'),
    ...geometryArgs(g),
    x.offset,
    ...x.strides,
    ...shape.slice(1),
  ]);
}

/** col2im: `cols` [n, c*kh*kw, outH*outW] → [n, c, h, w], summing overlapping windows. */
export function fold(ctx: KernelContext, cols: View, g: Conv2dGeometry): DeviceArray | null {
  const shape = [g.n, g.c, g.h, g.w];
  const size = sizeOf(shape);
  if (size === 0) return null;
  const kernel = ctx.cache.get('fold', foldSignature);
  return kernel.run(size, [
    arrayOf(ctx, cols.data, 'fold'),
    ...geometryArgs(g),
    cols.offset,
    ...cols.strides,
    0,
    ...shape.slice(1),
  ]);
}

/**
 * `pack` and `unpack`: joining tensors of different ranks along one axis, and splitting
 * them back.
 */
import { concat } from './concat.js';
import { EinopsError } from './errors.js';
import { axisNameProblem } from './parse.js';
import type { EinopsTensor } from './tensor-like.js';
import { shapeString } from '@tensorgrad/tensor';

/**
 * The shapes the packed axis was made of, one per packed tensor (may contain one -1 when unpacking).
 */
export type PackedShapes = number[][];

/** Validates a pack pattern such as `b * c` and says how many axes come before and after `*`. */
function analyse(pattern: string, op: 'pack' | 'unpack'): { before: number; after: number } {
  const axes = pattern.split(/\s+/).filter((a) => a !== '');
  const fail = (why: string): never => {
    throw new EinopsError(`${op}(..., "${pattern}"): ${why}`);
  };
  if (new Set(axes).size !== axes.length) fail('an axis name appears twice');
  const stars = axes.filter((a) => a === '*').length;
  if (stars !== 1) fail(`the pattern needs exactly one "*" axis, it has ${stars}`);
  for (const axis of axes) {
    const problem = axis === '*' ? undefined : axisNameProblem(axis);
    if (problem !== undefined) fail(`invalid axis name "${axis}": ${problem}`);
  }
  const before = axes.indexOf('*');
  return { before, after: axes.length - before - 1 };
}

const product = (values: readonly number[]): number => values.reduce((p, v) => p * v, 1);

/**
 * Packs tensors into one: the axes named before and after `*` must match across the
 * tensors; whatever dimensions each tensor has in place of `*` are flattened and the results
 * concatenated. Returns the packed tensor and each input's `*` dimensions, for {@link unpack}.
 *
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { pack } from '@tensorgrad/nn';
 * const [packed, ps] = pack([zeros([2, 5]), zeros([2, 3, 4])], 'b *');
 * if (packed.shape.join() !== '2,17') throw new Error(`shape ${packed.shape}`);
 * if (JSON.stringify(ps) !== '[[5],[3,4]]') throw new Error(`ps ${JSON.stringify(ps)}`);
 * ```
 */
export function pack<T extends EinopsTensor<T>>(
  tensors: readonly T[],
  pattern: string,
): [T, PackedShapes] {
  const { before, after } = analyse(pattern, 'pack');
  if (tensors.length === 0) throw new EinopsError(`pack(..., "${pattern}"): received no tensors`);
  const packedShapes: PackedShapes = [];
  const flattened = tensors.map((t, i) => {
    const shape = t.shape;
    if (shape.length < before + after) {
      throw new EinopsError(
        `pack(..., "${pattern}"): tensor ${i} has shape ${shapeString(shape)}, but the pattern needs at least ${before + after} dimensions`,
      );
    }
    const end = shape.length - after;
    const packed = shape.slice(before, end);
    packedShapes.push(packed);
    return t.reshape([...shape.slice(0, before), product(packed), ...shape.slice(end)]);
  });
  const reference = flattened[0]!.shape;
  flattened.forEach((t, i) => {
    const mismatch = t.shape.findIndex((d, k) => k !== before && d !== reference[k]);
    if (mismatch >= 0) {
      throw new EinopsError(
        `pack(..., "${pattern}"): tensor ${i} has shape ${shapeString(tensors[i]!.shape)}, whose non-packed axes disagree with tensor 0's ${shapeString(tensors[0]!.shape)}`,
      );
    }
  });
  return [concat(flattened, before), packedShapes];
}

/**
 * Splits a packed tensor back into tensors: the inverse of {@link pack}. One entry of
 * `packedShapes` may contain a -1, which is inferred.
 *
 * @example
 * ```ts
 * import { zeros } from '@tensorgrad/autograd';
 * import { pack, unpack } from '@tensorgrad/nn';
 * const [packed, ps] = pack([zeros([2, 5]), zeros([2, 3, 4])], 'b *');
 * const shapes = unpack(packed, ps, 'b *').map((t) => t.shape.join('x'));
 * if (shapes.join() !== '2x5,2x3x4') throw new Error(`shapes ${shapes}`);
 * ```
 */
export function unpack<T extends EinopsTensor<T>>(
  tensor: T,
  packedShapes: readonly (readonly number[])[],
  pattern: string,
): T[] {
  const { before, after } = analyse(pattern, 'unpack');
  const shape = tensor.shape;
  const fail = (why: string): never => {
    throw new EinopsError(`unpack(..., "${pattern}"): ${why}`);
  };
  if (shape.length !== before + 1 + after) {
    fail(
      `the input has shape ${shapeString(shape)}, but the pattern needs ${before + 1 + after} dimensions`,
    );
  }
  const total = shape[before]!;

  const unknownAt: number[] = [];
  packedShapes.forEach((ps, i) => {
    const minusOnes = ps.filter((d) => d === -1).length;
    if (minusOnes > 1 || ps.some((d) => !Number.isInteger(d) || d < -1)) {
      fail(`packed shape ${i} ${shapeString(ps)} is not a list of lengths with at most one -1`);
    }
    if (minusOnes === 1) unknownAt.push(i);
  });
  if (unknownAt.length > 1) {
    fail(`only one packed shape may contain -1, but ${unknownAt.length} do`);
  }

  const resolved = packedShapes.map((ps) => [...ps]);
  const known = packedShapes.reduce(
    (sum, ps, i) => (unknownAt.includes(i) ? sum : sum + product(ps)),
    0,
  );
  const request = `[${packedShapes.map(shapeString).join(', ')}]`;
  if (unknownAt.length === 1) {
    const i = unknownAt[0]!;
    const rest = product(packedShapes[i]!.filter((d) => d !== -1));
    const left = total - known;
    if (rest === 0) fail(`cannot infer the -1 in ${shapeString(packedShapes[i]!)} next to a 0`);
    if (left < 0 || left % rest !== 0) {
      fail(`cannot split an axis of length ${total} into ${request}`);
    }
    resolved[i] = packedShapes[i]!.map((d) => (d === -1 ? left / rest : d));
  } else if (known !== total) {
    fail(`cannot split an axis of length ${total} into ${request} (they need ${known})`);
  }

  const outer = shape.slice(0, before);
  const inner = shape.slice(before + 1);
  let start = 0;
  return resolved.map((ps) => {
    const length = product(ps);
    const piece = tensor.slice(before, start, start + length);
    start += length;
    return piece.reshape([...outer, ...ps, ...inner]);
  });
}

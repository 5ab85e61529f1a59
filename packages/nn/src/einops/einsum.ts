/**
 * `einsum` with einops' syntax: tensors first, then a pattern of space-separated axis names,
 * e.g. `einsum(q, k, 'b h i d, b h j d -> b h i j')`.
 *
 * It is built from differentiable ops only: repeated axes within one operand (a trace or
 * diagonal) become a strided `slice` of the flattened axes, axes used by a single operand are
 * summed early, and each pair of operands is contracted with one batched `matmul`
 * ([batch, free₁, shared] × [batch, shared, free₂]).
 */
import { EinopsError } from './errors.js';
import { ELLIPSIS, parseExpression, type ParsedExpression } from './parse.js';
import type { EinopsTensor } from './tensor-like.js';
import { shapeString } from '@tensorgrad/tensor';

/** A tensor with the name of each of its dimensions. */
interface Labelled<T> {
  readonly tensor: T;
  readonly axes: readonly string[];
}

const product = (values: readonly number[]): number => values.reduce((p, v) => p * v, 1);
const label = (axis: string): string => axis.replace(ELLIPSIS, '...');

/**
 * Einstein summation over named axes. Axes missing from the output are summed; an axis
 * repeated within one operand takes its diagonal (`'i i ->'` is the trace); `...` stands for
 * the same leading-or-trailing axes in every operand (aligned from the right, as in NumPy).
 * Length-1 axes broadcast against longer ones.
 *
 * @param args the tensors, then the pattern.
 * @throws EinopsError for a malformed pattern or disagreeing lengths.
 * @example
 * ```ts
 * import { eye, zeros } from '@tensorgrad/autograd';
 * import { einsum } from '@tensorgrad/nn';
 * const q = zeros([2, 4, 8]);
 * const k = zeros([2, 5, 8]);
 * if (einsum(q, k, 'b i d, b j d -> b i j').shape.join() !== '2,4,5') throw new Error('attention scores');
 * if (einsum(eye(3), 'i i ->').item() !== 3) throw new Error('trace');
 * ```
 */
export function einsum<T extends EinopsTensor<T>>(...args: [...tensors: T[], pattern: string]): T {
  const pattern = args[args.length - 1];
  const tensors = args.slice(0, -1) as T[];
  if (typeof pattern !== 'string' || tensors.length === 0) {
    throw new EinopsError(
      'einsum: pass the tensors first and then the pattern, e.g. einsum(a, b, "i j, j k -> i k")',
    );
  }
  try {
    return contractAll(tensors, pattern);
  } catch (error) {
    if (!(error instanceof EinopsError)) throw error;
    const shapes = tensors.map((t) => shapeString(t.shape)).join(', ');
    throw new EinopsError(`einsum: pattern "${pattern}" on shapes ${shapes}: ${error.message}`);
  }
}

function contractAll<T extends EinopsTensor<T>>(tensors: T[], pattern: string): T {
  const sides = pattern.split('->');
  if (sides.length !== 2) throw new EinopsError('the pattern must contain "->" exactly once');
  const inputs = sides[0]!.split(',');
  if (inputs.length !== tensors.length) {
    throw new EinopsError(
      `the pattern describes ${inputs.length} operands, but ${tensors.length} tensors were given`,
    );
  }
  const lefts = inputs.map((text) =>
    parseExpression(text, { allowUnderscore: true, allowDuplicates: true }),
  );
  const right = parseExpression(sides[1]!, { allowUnderscore: true });

  // "..." covers the same axes in every operand, aligned from the right: the k-th ellipsis
  // axis from the end is called `…k` everywhere.
  const ellipsisRank = Math.max(
    0,
    ...lefts.map((left, i) =>
      left.hasEllipsis ? tensors[i]!.shape.length - (left.composition.length - 1) : 0,
    ),
  );
  const operands: Labelled<T>[] = lefts.map((left, i) => {
    const t = tensors[i]!;
    const axes = expandNames(left, t.shape.length, `operand ${i}`);
    if (axes.length !== t.shape.length) {
      throw new EinopsError(
        `operand ${i} is described with ${axes.length} axes but has ${t.shape.length} dimensions`,
      );
    }
    return { tensor: t, axes };
  });
  const namedInOutput = right.composition.length - (right.hasEllipsis ? 1 : 0);
  const output = expandNames(right, namedInOutput + ellipsisRank, 'the output');
  const lengths = axisLengths(operands);
  for (const axis of output) {
    if (!lengths.has(axis)) {
      throw new EinopsError(`output axis "${label(axis)}" does not appear in any operand`);
    }
  }

  // Diagonals first, then contract left to right, summing each axis as soon as no later
  // operand and not the output needs it.
  const remaining = operands.map((op) => broadcast(takeDiagonals(op), lengths));
  const stillNeeded = (from: number): Set<string> =>
    new Set([...output, ...remaining.slice(from).flatMap((op) => op.axes)]);
  let acc = sumUnneeded(remaining[0]!, stillNeeded(1));
  for (let i = 1; i < remaining.length; i++) {
    const keep = stillNeeded(i + 1);
    acc = contractPair(acc, sumUnneeded(remaining[i]!, new Set([...keep, ...acc.axes])), keep);
  }
  acc = sumUnneeded(acc, new Set(output));
  const order = output.map((axis) => acc.axes.indexOf(axis));
  return order.every((p, i) => p === i) ? acc.tensor : acc.tensor.permute(order);
}

/** The axis names of one side, with "..." replaced by `…k` names. */
function expandNames(parsed: ParsedExpression, ndim: number, what: string): string[] {
  const names: string[] = [];
  for (const group of parsed.composition) {
    if (group === ELLIPSIS) {
      const count = ndim - (parsed.composition.length - 1);
      if (count < 0) {
        throw new EinopsError(
          `${what} has ${ndim} dimensions, fewer than the ${parsed.composition.length - 1} named`,
        );
      }
      for (let k = count - 1; k >= 0; k--) names.push(`${ELLIPSIS}${k}`);
      continue;
    }
    if (group.length === 0) {
      throw new EinopsError(`unit axes "1" and "()" are not supported in einsum (${what})`);
    }
    if (group.length > 1) {
      throw new EinopsError(
        `composed axes like (a b) are not supported in einsum (${what}); rearrange first`,
      );
    }
    const axis = group[0]!;
    if (typeof axis !== 'string') {
      throw new EinopsError(
        `numbered axes like ${axis.length} are not supported in einsum (${what})`,
      );
    }
    if (axis === ELLIPSIS) {
      throw new EinopsError(`"..." cannot be parenthesised in einsum (${what})`);
    }
    names.push(axis);
  }
  return names;
}

/**
 * The length of every axis. Across operands an axis may be 1 in some and n in others
 * (broadcast); within one operand a repeated axis must have one length, as a diagonal needs.
 */
function axisLengths<T extends EinopsTensor<T>>(operands: Labelled<T>[]): Map<string, number> {
  const lengths = new Map<string, number>();
  const seenIn = new Map<string, number>();
  operands.forEach(({ tensor, axes }, i) => {
    const own = new Map<string, number>();
    axes.forEach((axis, d) => {
      const length = tensor.shape[d]!;
      const mine = own.get(axis);
      if (mine !== undefined && mine !== length) {
        throw new EinopsError(
          `axis "${label(axis)}" appears twice in operand ${i}, with lengths ${mine} and ${length}`,
        );
      }
      own.set(axis, length);
      const previous = lengths.get(axis);
      if (previous === undefined || previous === 1) {
        lengths.set(axis, length);
        seenIn.set(axis, i);
      } else if (length !== previous && length !== 1) {
        throw new EinopsError(
          `axis "${label(axis)}" has length ${previous} in operand ${seenIn.get(axis)} but ${length} in operand ${i}`,
        );
      }
    });
  });
  return lengths;
}

/** Replaces each axis repeated within the operand by its diagonal (lengths already agree, see axisLengths). */
function takeDiagonals<T extends EinopsTensor<T>>(operand: Labelled<T>): Labelled<T> {
  let { tensor, axes } = operand;
  for (;;) {
    const repeated = axes.find((axis, i) => axes.indexOf(axis) !== i);
    if (repeated === undefined) return { tensor, axes };
    const at = axes.flatMap((axis, i) => (axis === repeated ? [i] : []));
    const n = tensor.shape[at[0]!]!;
    // Move the copies last and flatten them: the diagonal of an n×…×n block is every
    // (1 + n + n² + …)-th element of its flattening.
    const others = axes.flatMap((_, i) => (at.includes(i) ? [] : [i]));
    const moved = tensor.permute([...others, ...at]);
    const outer = others.map((i) => tensor.shape[i]!);
    const flat = moved.reshape([...outer, n ** at.length]);
    const step = n <= 1 ? 1 : (n ** at.length - 1) / (n - 1);
    tensor = flat.slice(outer.length, 0, n ** at.length, step);
    axes = [...others.map((i) => axes[i]!), repeated];
  }
}

/** Expands length-1 axes that are longer in other operands. */
function broadcast<T extends EinopsTensor<T>>(
  operand: Labelled<T>,
  lengths: Map<string, number>,
): Labelled<T> {
  const target = operand.axes.map((axis) => lengths.get(axis)!);
  if (target.every((n, i) => n === operand.tensor.shape[i])) return operand;
  return { tensor: operand.tensor.expand(target), axes: operand.axes };
}

/** Sums the axes of `operand` that are not in `keep`. */
function sumUnneeded<T extends EinopsTensor<T>>(
  operand: Labelled<T>,
  keep: Set<string>,
): Labelled<T> {
  const drop = operand.axes.flatMap((axis, i) => (keep.has(axis) ? [] : [i]));
  if (drop.length === 0) return operand;
  return { tensor: operand.tensor.sum(drop), axes: operand.axes.filter((axis) => keep.has(axis)) };
}

/**
 * Contracts two operands with one batched matmul. Shared axes that are still needed are
 * batch axes; shared axes no longer needed are summed by the matmul itself.
 */
function contractPair<T extends EinopsTensor<T>>(
  a: Labelled<T>,
  b: Labelled<T>,
  keep: Set<string>,
): Labelled<T> {
  const inB = new Set(b.axes);
  const inA = new Set(a.axes);
  const batch = a.axes.filter((axis) => inB.has(axis) && keep.has(axis));
  const shared = a.axes.filter((axis) => inB.has(axis) && !keep.has(axis));
  const freeA = a.axes.filter((axis) => !inB.has(axis));
  const freeB = b.axes.filter((axis) => !inA.has(axis));
  const lengthOf = (op: Labelled<T>) => (axis: string) => op.tensor.shape[op.axes.indexOf(axis)]!;
  const sizes = {
    batch: batch.map(lengthOf(a)),
    freeA: freeA.map(lengthOf(a)),
    freeB: freeB.map(lengthOf(b)),
    shared: shared.map(lengthOf(a)),
  };
  const left = a.tensor
    .permute([...batch, ...freeA, ...shared].map((axis) => a.axes.indexOf(axis)))
    .reshape([product(sizes.batch), product(sizes.freeA), product(sizes.shared)]);
  const right = b.tensor
    .permute([...batch, ...shared, ...freeB].map((axis) => b.axes.indexOf(axis)))
    .reshape([product(sizes.batch), product(sizes.shared), product(sizes.freeB)]);
  const result = left.matmul(right).reshape([...sizes.batch, ...sizes.freeA, ...sizes.freeB]);
  return { tensor: result, axes: [...batch, ...freeA, ...freeB] };
}

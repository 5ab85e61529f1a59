/**
 * The plan behind `rearrange`, `reduce` and `repeat` (einops' "transformation recipe").
 *
 * Every one of the three is the same pipeline of at most five view/reduce steps:
 *
 * ```
 * reshape (split composed input axes) → permute → reduce (trailing axes)
 *         → insert and expand new axes (repeat) → reshape (compose output axes)
 * ```
 *
 * A recipe depends only on the pattern, the operation kind, the names of the axis lengths
 * passed as options and the input's rank, so it is built once and cached; applying it to a
 * concrete shape only solves for the unknown lengths.
 */
import { EinopsError } from './errors.js';
import {
  type Axis,
  axisLabel,
  axisNameProblem,
  ELLIPSIS,
  groupLabel,
  parseExpression,
  type ParsedExpression,
} from './parse.js';

/** What a pattern is used for: it decides which axes may appear on only one side. */
export type RecipeKind = 'rearrange' | 'repeat' | 'reduce';

/**
 * Lengths of axes given by name, e.g. `{ h: 4 }` in `rearrange(x, 'b (h w) c -> b h w c', { h: 4 })`.
 */
export type AxesLengths = Readonly<Record<string, number>>;

const UNKNOWN = -1; // solved from the input shape
const FROM_OPTIONS = -2; // given in the axes-lengths option when the recipe is applied

/** A prepared pattern; see the module comment. */
export interface Recipe {
  /** Length of each elementary axis: input axes in input order, then axes new in the output. */
  readonly elementaryLengths: readonly number[];
  readonly elementaryLabels: readonly string[];
  /** Elementary position of each axis whose length comes from the options. */
  readonly optionAxes: ReadonlyMap<string, number>;
  /** Per input dimension: its known and (at most one) unknown elementary axes, and its label. */
  readonly inputGroups: readonly {
    known: readonly number[];
    unknown: readonly number[];
    label: string;
  }[];
  /** Permutation of the input's elementary axes: output order first, reduced axes last. */
  readonly permutation: readonly number[];
  readonly firstReducedAxis: number;
  /** Position in the expanded output → elementary axis, for axes new in the output. */
  readonly addedAxes: ReadonlyMap<number, number>;
  /** Elementary axes composed into each output dimension. */
  readonly outputGroups: readonly (readonly number[])[];
}

/** The concrete steps of a recipe for one input shape; `undefined` means "skip this step". */
export interface Plan {
  readonly initShape: number[] | undefined;
  readonly permutation: number[] | undefined;
  readonly reducedAxes: number[];
  /** Shape with 1s at the new axes (for a reshape), and the expanded shape, when axes are added. */
  readonly added: { unitShape: number[]; expandedShape: number[] } | undefined;
  readonly finalShape: number[] | undefined;
}

const CACHE_SIZE = 256;
const cache = new Map<string, Recipe>();

/**
 * The recipe of a pattern, from the cache when it was built before.
 * @throws EinopsError when the pattern is malformed or does not suit `kind` or `ndim`.
 * For example, `getRecipe('a b -> b a', 'rearrange', [], 2).permutation` gives [1, 0].
 */
export function getRecipe(
  pattern: string,
  kind: RecipeKind,
  axisNames: readonly string[],
  ndim: number,
): Recipe {
  const key = `${kind}\u0000${pattern}\u0000${axisNames.join(',')}\u0000${ndim}`;
  let recipe = cache.get(key);
  if (recipe === undefined) {
    recipe = buildRecipe(pattern, kind, axisNames, ndim);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!); // oldest first
    cache.set(key, recipe);
  }
  return recipe;
}

/**
 * Number of recipes currently cached (exposed for tests of the cache).
 * It is at most 256.
 */
export function recipeCacheSize(): number {
  return cache.size;
}

/**
 * Checks a pattern for `kind` without an input: builds its recipe for the smallest rank it
 * accepts, which runs every check that does not depend on the input (used by the layers, so
 * that a bad pattern fails at construction rather than at the first forward call).
 * @throws EinopsError
 * For example, `checkPattern('b ... -> ... b', 'rearrange', [])` passes, while `'b c -> b'` would throw.
 */
export function checkPattern(
  pattern: string,
  kind: RecipeKind,
  axisNames: readonly string[],
): void {
  const left = parseExpression(pattern.split('->')[0] ?? '');
  getRecipe(pattern, kind, axisNames, left.composition.length - (left.hasEllipsis ? 1 : 0));
}

function buildRecipe(
  pattern: string,
  kind: RecipeKind,
  axisNames: readonly string[],
  ndim: number,
): Recipe {
  const sides = pattern.split('->');
  if (sides.length !== 2) throw new EinopsError('pattern must contain "->" exactly once');
  const left = parseExpression(sides[0]!);
  const right = parseExpression(sides[1]!);
  checkSides(kind, left, right, axisNames);
  const { leftComposition, rightComposition, leftIdentifiers, rightIdentifiers } = expandEllipsis(
    left,
    right,
    ndim,
  );

  // Elementary axes: those of the input in order, then the ones new in the output.
  const position = new Map<Axis, number>();
  const lengths: number[] = [];
  const labels: string[] = [];
  const addElementary = (axis: Axis): void => {
    position.set(axis, lengths.length);
    lengths.push(typeof axis === 'string' ? UNKNOWN : axis.length);
    labels.push(axisLabel(axis));
  };
  for (const group of leftComposition) for (const axis of group) addElementary(axis);
  for (const group of rightComposition) {
    for (const axis of group) if (!position.has(axis)) addElementary(axis);
  }

  const optionAxes = new Map<string, number>();
  for (const name of axisNames) {
    const problem = axisNameProblem(name);
    if (problem !== undefined) {
      throw new EinopsError(`invalid axis name "${name}" in the axis lengths: ${problem}`);
    }
    const at = position.get(name);
    if (at === undefined) {
      throw new EinopsError(`axis length given for "${name}", which the pattern does not use`);
    }
    lengths[at] = FROM_OPTIONS;
    optionAxes.set(name, at);
  }

  const inputGroups = leftComposition.map((group) => {
    const known = group
      .filter((a) => lengths[position.get(a)!] !== UNKNOWN)
      .map((a) => position.get(a)!);
    const unknown = group
      .filter((a) => lengths[position.get(a)!] === UNKNOWN)
      .map((a) => position.get(a)!);
    if (unknown.length > 1) {
      throw new EinopsError(
        `cannot infer the lengths of ${unknown.map((i) => labels[i]).join(' and ')} in ${groupLabel(group)}; give all but one, e.g. { ${labels[unknown[0]!]}: 2 }`,
      );
    }
    return { known, unknown, label: groupLabel(group) };
  });

  const leftOrder = leftComposition.flat();
  const rightOrder = rightComposition.flat();
  const reduced = leftOrder.filter((a) => !rightIdentifiers.has(a));
  const kept = rightOrder.filter((a) => leftIdentifiers.has(a));
  const permutation = [...kept, ...reduced].map((a) => leftOrder.indexOf(a));
  const addedAxes = new Map<number, number>();
  rightOrder.forEach((axis, i) => {
    if (!leftIdentifiers.has(axis)) addedAxes.set(i, position.get(axis)!);
  });

  return {
    elementaryLengths: lengths,
    elementaryLabels: labels,
    optionAxes,
    inputGroups,
    permutation,
    firstReducedAxis: kept.length,
    addedAxes,
    outputGroups: rightComposition.map((group) => group.map((a) => position.get(a)!)),
  };
}

/** "axis c is" or "axes c, d are", for messages. */
function axesAre(axes: readonly Axis[]): string {
  const names = axes.map(axisLabel).join(', ');
  return axes.length === 1 ? `axis ${names} is` : `axes ${names} are`;
}

/** Which axes may appear on one side only depends on the operation; einops' rules. */
function checkSides(
  kind: RecipeKind,
  left: ParsedExpression,
  right: ParsedExpression,
  axisNames: readonly string[],
): void {
  if (!left.hasEllipsis && right.hasEllipsis) {
    throw new EinopsError('"..." appears on the right side but not on the left');
  }
  if (left.hasEllipsisParenthesized) {
    throw new EinopsError('"..." may not be parenthesised on the left side');
  }
  const leftOnly = [...left.identifiers].filter((a) => !right.identifiers.has(a));
  const rightOnly = [...right.identifiers].filter((a) => !left.identifiers.has(a));
  if (kind === 'rearrange') {
    if (left.hasNonUnitaryAnonymousAxes || right.hasNonUnitaryAnonymousAxes) {
      throw new EinopsError(
        'numbered axes other than 1 are not allowed in rearrange (use repeat or reduce)',
      );
    }
    const oneSided = [...leftOnly, ...rightOnly];
    if (oneSided.length > 0) {
      throw new EinopsError(
        `rearrange needs every axis on both sides, but ${axesAre(oneSided)} on one side only`,
      );
    }
  } else if (kind === 'repeat') {
    if (leftOnly.length > 0) {
      throw new EinopsError(
        `repeat cannot remove axes, but ${axesAre(leftOnly)} on the left side only`,
      );
    }
    const unsized = rightOnly.filter((a) => typeof a === 'string' && !axisNames.includes(a));
    if (unsized.length > 0) {
      throw new EinopsError(
        `give the length of each new axis: ${unsized.map(axisLabel).join(', ')} (e.g. { ${axisLabel(unsized[0]!)}: 2 })`,
      );
    }
  } else if (rightOnly.length > 0) {
    throw new EinopsError(
      `reduce cannot create axes, but ${axesAre(rightOnly)} on the right side only`,
    );
  }
}

/**
 * Replaces "..." by as many named axes (`…0`, `…1`, ...) as it stands for in an input of rank
 * `ndim`, on both sides, and checks the rank.
 */
function expandEllipsis(
  left: ParsedExpression,
  right: ParsedExpression,
  ndim: number,
): {
  leftComposition: (readonly Axis[])[];
  rightComposition: (readonly Axis[])[];
  leftIdentifiers: Set<Axis>;
  rightIdentifiers: Set<Axis>;
} {
  const leftIdentifiers = new Set(left.identifiers);
  const rightIdentifiers = new Set(right.identifiers);
  if (!left.hasEllipsis) {
    if (ndim !== left.composition.length) {
      throw new EinopsError(
        `the pattern needs ${left.composition.length} dimensions, but the input has ${ndim}`,
      );
    }
    return {
      leftComposition: left.composition as (readonly Axis[])[],
      rightComposition: right.composition as (readonly Axis[])[],
      leftIdentifiers,
      rightIdentifiers,
    };
  }
  const others = left.composition.length - 1;
  if (ndim < others) {
    throw new EinopsError(
      `the pattern needs at least ${others} dimensions, but the input has ${ndim}`,
    );
  }
  const ellipsisAxes = Array.from({ length: ndim - others }, (_, i) => `${ELLIPSIS}${i}`);
  const leftComposition = left.composition.flatMap((group) =>
    group === ELLIPSIS ? ellipsisAxes.map((a) => [a]) : [group],
  );
  const rightComposition = right.composition.flatMap((group) =>
    group === ELLIPSIS
      ? ellipsisAxes.map((a) => [a])
      : [group.flatMap((a) => (a === ELLIPSIS ? ellipsisAxes : [a]))],
  );
  for (const set of [leftIdentifiers, rightIdentifiers]) {
    if (set.delete(ELLIPSIS)) for (const a of ellipsisAxes) set.add(a);
  }
  return { leftComposition, rightComposition, leftIdentifiers, rightIdentifiers };
}

/**
 * Solves a recipe's unknown lengths for an input shape and lists the steps to run.
 * @throws EinopsError naming the dimension and the lengths that disagree.
 * For example, `planFor(getRecipe('(h w) -> h w', 'rearrange', ['h'], 1), [6], { h: 2 }).initShape` gives [2, 3].
 */
export function planFor(recipe: Recipe, shape: readonly number[], axesLengths: AxesLengths): Plan {
  const lengths = [...recipe.elementaryLengths];
  for (const [name, at] of recipe.optionAxes) {
    const value = axesLengths[name];
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      throw new EinopsError(
        `the length of axis "${name}" must be a non-negative integer, got ${String(value)}`,
      );
    }
    lengths[at] = value;
  }

  let needInitReshape = false;
  recipe.inputGroups.forEach(({ known, unknown, label }, dim) => {
    const length = shape[dim]!;
    if (known.length === 0 && unknown.length === 1) {
      lengths[unknown[0]!] = length;
      return;
    }
    const knownProduct = known.reduce((p, i) => p * lengths[i]!, 1);
    const knownText = known.map((i) => `${recipe.elementaryLabels[i]}=${lengths[i]}`).join(', ');
    if (unknown.length === 0) {
      if (length !== knownProduct) {
        throw new EinopsError(
          `shape mismatch: input dimension ${dim} ${label} has length ${length}, but ${knownText === '' ? 'a unit axis has 1' : `${knownText} gives ${knownProduct}`}`,
        );
      }
    } else {
      const unknownLabel = recipe.elementaryLabels[unknown[0]!];
      if (knownProduct === 0 ? length !== 0 : length % knownProduct !== 0) {
        throw new EinopsError(
          `shape mismatch: can't divide axis ${label} (input dimension ${dim}) of length ${length} in chunks of ${knownProduct} (${knownText})`,
        );
      }
      if (knownProduct === 0) {
        throw new EinopsError(
          `cannot infer the length of ${unknownLabel} in ${label}: the other axes (${knownText}) have length 0`,
        );
      }
      lengths[unknown[0]!] = length / knownProduct;
    }
    if (known.length + unknown.length !== 1) needInitReshape = true;
  });

  const inputAxisCount = recipe.permutation.length;
  const finalShape = recipe.outputGroups.map((group) => group.reduce((p, i) => p * lengths[i]!, 1));
  const needFinalReshape = recipe.outputGroups.some((group) => group.length !== 1);
  const isIdentity = recipe.permutation.every((p, i) => p === i);

  let added: Plan['added'];
  if (recipe.addedAxes.size > 0) {
    const total = recipe.firstReducedAxis + recipe.addedAxes.size; // kept axes + new axes
    const unitShape: number[] = [];
    const expandedShape: number[] = [];
    const keptLengths = recipe.permutation
      .slice(0, recipe.firstReducedAxis)
      .map((p) => lengths[p]!);
    let next = 0;
    for (let i = 0; i < total; i++) {
      const newAxis = recipe.addedAxes.get(i);
      if (newAxis === undefined) {
        unitShape.push(keptLengths[next]!);
        expandedShape.push(keptLengths[next++]!);
      } else {
        unitShape.push(1);
        expandedShape.push(lengths[newAxis]!);
      }
    }
    added = { unitShape, expandedShape };
  }

  return {
    initShape: needInitReshape ? lengths.slice(0, inputAxisCount) : undefined,
    permutation: isIdentity ? undefined : [...recipe.permutation],
    reducedAxes: Array.from(
      { length: inputAxisCount - recipe.firstReducedAxis },
      (_, i) => recipe.firstReducedAxis + i,
    ),
    added,
    finalShape: needFinalReshape ? finalShape : undefined,
  };
}

/**
 * Parsing one side of an einops pattern, e.g. `b (h w) ... 1`, into its structure:
 * a list of input/output dimensions, each a group of elementary axes.
 */
import { EinopsError } from './errors.js';

/**
 * Stands for `...` inside a parsed expression. A single character that cannot occur in an
 * axis name, so it can sit in the same lists and sets as names.
 */
export const ELLIPSIS = '…';

/**
 * A numbered axis such as the `3` in `h w -> h w 3`. Every occurrence is its own axis
 * (objects compare by identity), so the `2` on the left and the `2` on the right of a
 * pattern are unrelated, as in einops.
 */
export class AnonymousAxis {
  constructor(readonly length: number) {}

  toString(): string {
    return String(this.length);
  }
}

/** An elementary axis: a name, the ellipsis marker, or an anonymous numbered axis. */
export type Axis = string | AnonymousAxis;

/** One side of a pattern, parsed. */
export interface ParsedExpression {
  /**
   * One entry per dimension: the group of elementary axes composed into it (empty for `1` or
   * `()`), or {@link ELLIPSIS} for a bare `...`.
   */
  readonly composition: readonly (readonly Axis[] | typeof ELLIPSIS)[];
  /** Every axis that occurs, including {@link ELLIPSIS} when `...` does. */
  readonly identifiers: ReadonlySet<Axis>;
  readonly hasEllipsis: boolean;
  /** Whether `...` occurs inside parentheses, e.g. `(...)` or `(a ...)`. */
  readonly hasEllipsisParenthesized: boolean;
  /** Whether a numbered axis other than `1` occurs. */
  readonly hasNonUnitaryAnonymousAxes: boolean;
}

/** Options of {@link parseExpression}. */
export interface ParseOptions {
  /** Accept `_` as an axis name (it means "skip this dimension" in `parseShape`). */
  readonly allowUnderscore?: boolean;
  /** Accept repeated names (einsum's `i i ->` trace). */
  readonly allowDuplicates?: boolean;
}

/**
 * Parses one side of a pattern.
 * @throws EinopsError for unbalanced or nested parentheses, stray dots, bad names, duplicates.
 * For example, `parseExpression('b (h w) c').composition` gives [['b'], ['h', 'w'], ['c']].
 */
export function parseExpression(expression: string, options: ParseOptions = {}): ParsedExpression {
  let text = expression;
  let hasEllipsis = false;
  if (text.includes('.')) {
    if (!text.includes('...') || text.split('...').length !== 2 || text.split('.').length !== 4) {
      throw new EinopsError(
        `expression "${expression}" may contain dots only in one ellipsis (...)`,
      );
    }
    text = text.replace('...', ELLIPSIS);
    hasEllipsis = true;
  }

  const composition: (Axis[] | typeof ELLIPSIS)[] = [];
  const identifiers = new Set<Axis>();
  let hasEllipsisParenthesized = false;
  let hasNonUnitaryAnonymousAxes = false;
  let group: Axis[] | null = null;

  const addAxis = (token: string): void => {
    if (
      identifiers.has(token) &&
      !(options.allowUnderscore === true && token === '_') &&
      options.allowDuplicates !== true
    ) {
      throw new EinopsError(`expression "${expression}" contains the axis "${token}" twice`);
    }
    if (token === ELLIPSIS) {
      identifiers.add(ELLIPSIS);
      if (group === null) composition.push(ELLIPSIS);
      else {
        group.push(ELLIPSIS);
        hasEllipsisParenthesized = true;
      }
    } else if (token === '1') {
      // A unit axis adds nothing to a group, and outside a group it is a dimension of length 1.
      if (group === null) composition.push([]);
    } else if (/^\d+$/.test(token)) {
      const axis = new AnonymousAxis(Number(token));
      hasNonUnitaryAnonymousAxes = true;
      identifiers.add(axis);
      if (group === null) composition.push([axis]);
      else group.push(axis);
    } else {
      const problem = axisNameProblem(token, options.allowUnderscore === true);
      if (problem !== undefined) {
        throw new EinopsError(`invalid axis name "${token}" in "${expression}": ${problem}`);
      }
      identifiers.add(token);
      if (group === null) composition.push([token]);
      else group.push(token);
    }
  };

  let token = '';
  for (const char of text) {
    if (char === '(' || char === ')' || /\s/.test(char)) {
      if (token !== '') addAxis(token);
      token = '';
      if (char === '(') {
        if (group !== null) {
          throw new EinopsError(
            `expression "${expression}" nests parentheses; axis composition is one level only`,
          );
        }
        group = [];
      } else if (char === ')') {
        if (group === null) {
          throw new EinopsError(`expression "${expression}" closes a parenthesis it never opened`);
        }
        composition.push(group);
        group = null;
      }
    } else if (/^[\p{L}\p{N}_]$/u.test(char) || char === ELLIPSIS) {
      token += char;
    } else {
      throw new EinopsError(
        `expression "${expression}" contains the unexpected character "${char}"`,
      );
    }
  }
  if (group !== null) throw new EinopsError(`expression "${expression}" leaves a parenthesis open`);
  if (token !== '') addAxis(token);

  return {
    composition,
    identifiers,
    hasEllipsis,
    hasEllipsisParenthesized,
    hasNonUnitaryAnonymousAxes,
  };
}

/**
 * Why `name` cannot name an axis, or undefined when it can. Names follow einops: identifiers
 * (letters, digits, underscores, not starting with a digit) that neither start nor end with
 * an underscore, so that they never clash with einops' own markers.
 * For example, `axisNameProblem('h_')` gives 'an axis name must not start or end with an underscore'.
 */
export function axisNameProblem(name: string, allowUnderscore = false): string | undefined {
  if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(name)) {
    return 'an axis name is an identifier (letters, digits, _, not starting with a digit)';
  }
  if (name.startsWith('_') || name.endsWith('_')) {
    if (name === '_' && allowUnderscore) return undefined;
    return 'an axis name must not start or end with an underscore';
  }
  return undefined;
}

/**
 * How an axis is written in error messages.
 * For example, `axisLabel(new AnonymousAxis(3))` gives '3'.
 */
export function axisLabel(axis: Axis): string {
  return typeof axis === 'string' ? axis.replace(ELLIPSIS, '...') : String(axis.length);
}

/**
 * How a dimension's group is written in error messages: `h`, `(h w)` or `()`.
 * For example, `groupLabel(['h', 'w'])` gives '(h w)'.
 */
export function groupLabel(group: readonly Axis[]): string {
  return group.length === 1 ? axisLabel(group[0]!) : `(${group.map(axisLabel).join(' ')})`;
}

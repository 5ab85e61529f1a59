import { describe, expect, it } from 'vitest';
import {
  AnonymousAxis,
  axisLabel,
  axisNameProblem,
  groupLabel,
  ELLIPSIS,
  parseExpression,
} from '../../src/einops/parse.js';
import { checkPattern, getRecipe, planFor, recipeCacheSize } from '../../src/einops/recipe.js';
import { EinopsError } from '../../src/einops/index.js';

describe('parseExpression', () => {
  it('parses names, compositions, unit axes and the ellipsis', () => {
    const parsed = parseExpression(' b (h w) 1 () ... ');
    expect(parsed.composition).toEqual([['b'], ['h', 'w'], [], [], ELLIPSIS]);
    expect([...parsed.identifiers]).toEqual(['b', 'h', 'w', ELLIPSIS]);
    expect(parsed.hasEllipsis).toBe(true);
    expect(parsed.hasEllipsisParenthesized).toBe(false);
    expect(parseExpression('(a ...)').hasEllipsisParenthesized).toBe(true);
  });

  it('drops 1 inside a composition and keeps other numbers as distinct anonymous axes', () => {
    expect(parseExpression('(h 1 w)').composition).toEqual([['h', 'w']]);
    const parsed = parseExpression('2 (h 2)');
    const [[first], [, second]] = parsed.composition as AnonymousAxis[][];
    expect(first).toBeInstanceOf(AnonymousAxis);
    expect(first!.length).toBe(2);
    expect(second!.length).toBe(2);
    expect(first).not.toBe(second);
    expect(parsed.hasNonUnitaryAnonymousAxes).toBe(true);
  });

  it('allows _ and duplicates only when asked', () => {
    expect(() => parseExpression('_ a')).toThrow(/invalid axis name "_"/);
    expect(parseExpression('_ a _', { allowUnderscore: true }).composition).toEqual([
      ['_'],
      ['a'],
      ['_'],
    ]);
    expect(() => parseExpression('i i')).toThrow(/contains the axis "i" twice/);
    expect(parseExpression('i i', { allowDuplicates: true }).composition).toEqual([['i'], ['i']]);
  });

  it('accepts Unicode letters in names and rejects other characters', () => {
    expect(parseExpression('höhe breite').composition).toEqual([['höhe'], ['breite']]);
    expect(() => parseExpression('a-b')).toThrow(EinopsError);
    expect(() => parseExpression('a-b')).toThrow(/unexpected character "-"/);
  });

  it('labels axes and groups for messages', () => {
    expect(axisLabel(new AnonymousAxis(3))).toBe('3');
    expect(groupLabel(['h', 'w'])).toBe('(h w)');
    expect(groupLabel([])).toBe('()');
  });

  it('names the reason an axis name is invalid', () => {
    expect(axisNameProblem('h')).toBeUndefined();
    expect(axisNameProblem('h_w')).toBeUndefined();
    expect(axisNameProblem('_h')).toMatch(/must not start or end with an underscore/);
    expect(axisNameProblem('1h')).toMatch(/identifier/);
    expect(axisNameProblem('_', true)).toBeUndefined();
  });
});

describe('recipes', () => {
  it('plan the steps of a pattern (documented examples)', () => {
    expect(getRecipe('a b -> b a', 'rearrange', [], 2).permutation).toEqual([1, 0]);
    expect(
      planFor(getRecipe('(h w) -> h w', 'rearrange', ['h'], 1), [6], { h: 2 }).initShape,
    ).toEqual([2, 3]);
    expect(() => checkPattern('b ... -> ... b', 'rearrange', [])).not.toThrow();
    expect(() => checkPattern('b c -> b', 'rearrange', [])).toThrow(EinopsError);
  });

  it('skip every step a pattern does not need', () => {
    const plan = planFor(getRecipe('a b c -> a b c', 'rearrange', [], 3), [2, 3, 4], {});
    expect(plan).toEqual({
      initShape: undefined,
      permutation: undefined,
      reducedAxes: [],
      added: undefined,
      finalShape: undefined,
    });
  });
});

describe('recipe cache', () => {
  it('builds a pattern once per (kind, pattern, axis names, rank)', () => {
    const first = getRecipe('a (b c) -> c b a', 'rearrange', ['b'], 2);
    expect(getRecipe('a (b c) -> c b a', 'rearrange', ['b'], 2)).toBe(first);
    expect(getRecipe('a (b c) -> c b a', 'rearrange', ['c'], 2)).not.toBe(first);
    expect(getRecipe('a ... -> ... a', 'rearrange', [], 3)).not.toBe(
      getRecipe('a ... -> ... a', 'rearrange', [], 4),
    );
  });

  it('stays bounded, evicting the oldest entries', () => {
    const first = getRecipe('x0 -> x0', 'rearrange', [], 1);
    for (let i = 1; i <= 300; i++) getRecipe(`x${i} -> x${i}`, 'rearrange', [], 1);
    expect(recipeCacheSize()).toBe(256);
    expect(getRecipe('x0 -> x0', 'rearrange', [], 1)).not.toBe(first);
  });
});

/** randomSplit: sizes from lengths or fractions (PyTorch 1.13 rules), disjoint subsets, seeds. */
import { describe, expect, it } from 'vitest';
import { Generator } from '@tensorgrad/autograd';
import { Dataset, Subset, randomSplit } from '@tensorgrad/nn';

function items(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

describe('randomSplit', () => {
  it('splits into disjoint Subsets of the given lengths that cover the dataset', () => {
    const parts = randomSplit(items(10), [3, 7], { generator: new Generator(0) });
    expect(parts.map((p) => p.length)).toEqual([3, 7]);
    expect(parts.every((p) => p instanceof Subset)).toBe(true);
    expect(parts.flatMap((p) => [...p]).sort((a, b) => a - b)).toEqual(items(10));
  });

  it('takes fractions, handing the remainder out round-robin from the first subset', () => {
    // torch 1.13: floor(n · fraction) each, then one more to subsets 0, 1, ... in turn.
    const sizes = (n: number, fractions: number[]) =>
      randomSplit(items(n), fractions).map((p) => p.length);
    expect(sizes(10, [0.3, 0.3, 0.4])).toEqual([3, 3, 4]);
    expect(sizes(11, [0.5, 0.5])).toEqual([6, 5]);
    expect(sizes(7, [0.1, 0.1, 0.8])).toEqual([1, 1, 5]);
    expect(sizes(5, [0.25, 0.25, 0.25, 0.25])).toEqual([2, 1, 1, 1]);
    expect(sizes(0, [0.5, 0.5])).toEqual([0, 0]);
    expect(sizes(5, [1])).toEqual([5]); // a sum of 1 reads as fractions, as in PyTorch
  });

  it('is repeatable by seed and differs across seeds', () => {
    const split = (seed: number) =>
      randomSplit(items(20), [10, 10], { generator: new Generator(seed) }).map((p) => [
        ...p.indices,
      ]);
    expect(split(1)).toEqual(split(1));
    expect(split(1)).not.toEqual(split(2));
  });

  it('splits any Dataset, and an empty one into empty subsets', () => {
    class Letters extends Dataset<string> {
      readonly length = 3;
      get(i: number): string {
        return 'abc'[i]!;
      }
    }
    const [a, b] = randomSplit(new Letters(), [1, 2], { generator: new Generator(0) });
    expect([...a!, ...b!].sort()).toEqual(['a', 'b', 'c']);
    expect(randomSplit([], [0, 0]).map((p) => p.length)).toEqual([0, 0]);
    expect(randomSplit([], [])).toEqual([]);
  });

  it('explains lengths that do not fit', () => {
    expect(() => randomSplit(items(10), [3, 5])).toThrow(
      'randomSplit: lengths [3, 5] sum to 8, but the dataset has 10 items; expected lengths summing to 10, or fractions summing to 1',
    );
    expect(() => randomSplit(items(10), [0.5, 0.4])).toThrow(
      'randomSplit: length at index 0 is 0.5; expected non-negative integers',
    );
    expect(() => randomSplit(items(4), [-1, 5])).toThrow('randomSplit: length at index 0 is -1');
    expect(() => randomSplit(items(4), [1.5, -0.5])).toThrow(
      'randomSplit: fraction at index 0 is 1.5, not between 0 and 1',
    );
    expect(() => randomSplit(items(4), [])).toThrow(
      'lengths [] sum to 0, but the dataset has 4 items',
    );
  });
});

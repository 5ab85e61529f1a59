/**
 * `checkInteger` is internal to src/scalable-vit/ (not exported by the package), so its
 * illustration in the TSDoc is not an `@example` that test/doc-examples.test.ts runs: it is
 * checked here. Every public example runs from the TSDoc itself.
 */
import { describe, expect, it } from 'vitest';
import { checkInteger } from '../src/scalable-vit/per-stage.js';

describe('src/scalable-vit internal examples', () => {
  it('checkInteger', () => {
    expect(checkInteger('dim', 16, 1)).toBe(16);
    expect(() => checkInteger('heads', 0, 1, 1)).toThrow(
      'ScalableViT: heads of stage 1 must be an integer >= 1, got 0',
    );
  });
});

/** checkOptions and closestName: the option checks every constructor with an options object runs. */
import { describe, expect, it } from 'vitest';
import { checkOptions, type OptionSpec } from '@tensorgrad/nn';
import { closestName } from '../../src/module/options.js';

interface BlockOptions {
  dim: number;
  heads?: number;
  dimHead?: number;
}
const SPEC: OptionSpec<BlockOptions> = { dim: 'required', heads: 'optional', dimHead: 'optional' };

function message(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('checkOptions', () => {
  it('passes known options, and undefined when nothing is required', () => {
    expect(message(() => checkOptions('Block', { dim: 2, heads: 1 }, SPEC))).toBe('');
    expect(message(() => checkOptions<{ a?: number }>('Opt', undefined, { a: 'optional' }))).toBe(
      '',
    );
    // an option explicitly undefined is an option left out
    expect(message(() => checkOptions('Block', { dim: 2, heads: undefined }, SPEC))).toBe('');
  });

  it('names an unknown option and the closest valid one', () => {
    expect(message(() => checkOptions('Block', { dim: 2, dimHeads: 4 }, SPEC))).toBe(
      'Block: unknown option `dimHeads`; did you mean `dimHead`?',
    );
    expect(message(() => checkOptions('Block', { dim: 2, dim_head: 4 }, SPEC))).toBe(
      'Block: unknown option `dim_head`; did you mean `dimHead`?',
    );
    expect(message(() => checkOptions('Block', { dim: 2, width: 4 }, SPEC))).toBe(
      'Block: unknown option `width`; expected one of dim, heads, dimHead',
    );
  });

  it('names missing required options, with an explanation when given', () => {
    expect(message(() => checkOptions('Block', {}, SPEC))).toBe(
      'Block: missing required option `dim`',
    );
    expect(message(() => checkOptions('Block', undefined, SPEC))).toBe(
      'Block: missing required option `dim`',
    );
    expect(
      message(() => checkOptions('Block', { heads: 2 }, SPEC, { dim: 'the model width' })),
    ).toBe('Block: missing required option `dim` (the model width)');
  });

  it('refuses what is not an options object', () => {
    expect(message(() => checkOptions('Block', null, SPEC))).toContain('got null');
    expect(message(() => checkOptions('Block', [1], SPEC))).toContain('got an array');
    expect(message(() => checkOptions('Block', 3, SPEC))).toContain('got a number (3)');
  });
});

describe('closestName', () => {
  const names = ['imageSize', 'patchSize', 'dim', 'depth', 'dimHead', 'numBuckets', 'embDropout'];
  it.each([
    ['image_size', 'imageSize'],
    ['IMAGESIZE', 'imageSize'],
    ['depht', 'depth'], // transposition: one edit
    ['dimHeads', 'dimHead'],
    ['emb_drop', 'embDropout'], // contained
    ['buckets', 'numBuckets'],
    ['dims', 'dim'],
  ])('%s → %s', (name, expected) => {
    expect(closestName(name, names)).toBe(expected);
  });
  it('suggests nothing when nothing is close, or two options contain the name', () => {
    expect(closestName('colour', names)).toBeUndefined();
    expect(closestName('size', names)).toBeUndefined(); // imageSize and patchSize
  });
});

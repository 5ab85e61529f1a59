/**
 * Every ```ts block of the README and of the guides in docs/guides runs as a test, so the guides
 * cannot drift from the code: each block is a standalone module (its own imports), typechecked
 * strictly against the packages' sources, then run. Blocks state their expectations with
 * explicit checks (`if (...) throw new Error(...)`); a block without one is reported as an
 * example run, not counted as a test (see vitest.doctest.ts).
 */
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import { collectMarkdownBlocks, testCodeBlocks } from '../../../vitest.doctest.js';

const guides = fileURLToPath(new URL('../../../docs/guides/', import.meta.url));
const readme = fileURLToPath(new URL('../../../README.md', import.meta.url));
const outDir = fileURLToPath(new URL('./.examples/', import.meta.url));

const blocks = collectMarkdownBlocks([readme, guides], guides);

test('the guides hold code to run', () => {
  expect(blocks.length).toBeGreaterThan(15);
});

testCodeBlocks('guide code', blocks, outDir);

import { expect, test } from 'vitest';
import { version } from '@tensorgrad/tensor';

test('alias resolves the package source', () => {
  expect(version).toBe('0.0.0');
});

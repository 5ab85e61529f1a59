import { expect, test } from 'vitest';
import { tensor, version } from '@tensorgrad/autograd';

test('smoke', () => {
  expect(version).toBe('0.0.0');
  const x = tensor([1, 2, 3], { requiresGrad: true });
  x.square().sum().backward();
  expect(x.grad?.toArray()).toEqual([2, 4, 6]);
});

/**
 * `noGrad` and `enableGrad` refuse async functions and functions returning a promise: the mode
 * would be restored at the first await, and the rest of the function would run in the wrong one.
 */
import { describe, expect, it } from 'vitest';
import {
  type Tensor,
  enableGrad,
  grad,
  isGradEnabled,
  noGrad,
  ones,
  valueAndGrad,
} from '@tensorgrad/autograd';

/** The message `fn` throws (failing the test when it returns). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return expect.fail('expected an error');
}

describe('noGrad and enableGrad with asynchronous functions', () => {
  it('refuse an async function before running it', () => {
    let ran = false;
    const body = async (): Promise<void> => {
      ran = true;
      await Promise.resolve();
    };
    expect(messageOf(() => noGrad(body))).toBe(
      "noGrad: expected a synchronous function, got an async one; noGrad's scope ends when the " +
        'function returns, which is at its first await (recording is switched back on), so the ' +
        'rest of it would run outside the scope. Instead, call noGrad inside the async function, ' +
        'around each synchronous stretch, e.g. `const y = noGrad(() => model.forward(x)); await ...`',
    );
    expect(messageOf(() => enableGrad(body))).toMatch(
      /^enableGrad: expected a synchronous function, got an async one; .*\(recording is switched back off\)/,
    );
    expect(ran).toBe(false);
    expect(isGradEnabled()).toBe(true);
  });

  it('refuse a returned promise, with the mode restored', async () => {
    let late: Promise<void> | undefined;
    const message = messageOf(() =>
      noGrad(() => {
        late = Promise.reject(new Error('late'));
        return late;
      }),
    );
    expect(message).toMatch(/^noGrad: the function returned a Promise; noGrad's scope ended/);
    expect(isGradEnabled()).toBe(true);
    noGrad(() => {
      expect(messageOf(() => enableGrad(() => Promise.resolve(1)))).toMatch(
        /^enableGrad: the function returned a Promise/,
      );
      expect(isGradEnabled()).toBe(false);
    });
    await expect(late).rejects.toThrow('late');
  });

  it('still run synchronous functions, including inside async code', async () => {
    const w = ones([2], { requiresGrad: true });
    await Promise.resolve();
    const y = noGrad(() => w.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(noGrad(() => enableGrad(() => w.mul(2))).requiresGrad).toBe(true);
  });
});

describe('grad and valueAndGrad with asynchronous functions', () => {
  it('refuse an async function when the transform is built', async () => {
    const f = async (x: Tensor): Promise<Tensor> => {
      await Promise.resolve();
      return x.square().sum();
    };
    expect(() => grad(f as never)).toThrow(
      /^grad: expected a synchronous function, got an async one; .*\(the gradient is taken of the tensor it returns\)/,
    );
    expect(() => valueAndGrad(f as never)).toThrow(
      /^valueAndGrad: expected a synchronous function/,
    );
    // A synchronous function still works after the refusals.
    expect(grad((x: Tensor) => x.square().sum())(ones([2])).toArray()).toEqual([2, 2]);
    await Promise.resolve();
  });
});

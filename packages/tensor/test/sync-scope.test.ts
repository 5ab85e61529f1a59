/**
 * `tidy` refuses async functions and functions returning a promise: its scope ends when the
 * function returns, which for an async one is at its first await.
 */
import { describe, expect, it } from 'vitest';
import { memory, ones, tidy } from '../src/index.js';

/** The message `fn` throws (failing the test when it returns). */
function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    return (error as Error).message;
  }
  return expect.fail('expected an error');
}

describe('tidy and asynchronous functions', () => {
  it('refuses an async function before running it, saying why and what to do', () => {
    let ran = false;
    const message = messageOf(() =>
      tidy(async () => {
        ran = true;
        await Promise.resolve();
        return ones([2]);
      }),
    );
    expect(ran).toBe(false);
    expect(message).toBe(
      "tidy: expected a synchronous function, got an async one; tidy's scope ends when the " +
        'function returns, which is at its first await (the tensors it made are freed), so the ' +
        'rest of it would run outside the scope. Instead, call tidy inside the async function, ' +
        'around each synchronous stretch, e.g. `const y = tidy(() => model.forward(x)); await ...`',
    );
  });

  it('refuses a function that returns a promise, freeing what it made before returning', async () => {
    const before = memory();
    let late: Promise<unknown> | undefined;
    const message = messageOf(() =>
      tidy(() => {
        ones([3]);
        late = Promise.reject(new Error('failed after the scope ended'));
        return late;
      }),
    );
    expect(message).toMatch(
      /^tidy: the function returned a Promise; tidy's scope ended when it returned/,
    );
    expect(memory().tensors).toBe(before.tensors);
    expect(memory().buffers).toBe(before.buffers);
    // Its rejection is handled (no unhandled-rejection report), though still observable.
    await expect(late).rejects.toThrow('failed after the scope ended');
  });

  it('refuses any thenable, and accepts everything else a function may return', () => {
    expect(messageOf(() => tidy(() => ({ then: () => undefined })))).toMatch(
      /^tidy: the function returned a Promise/,
    );
    expect(tidy(() => 3)).toBe(3);
    expect(tidy(() => null)).toBe(null);
    const f = tidy(() => () => 1);
    expect(f()).toBe(1);
  });

  it('works inside an async function, around the synchronous parts', async () => {
    const before = memory().tensors;
    await Promise.resolve();
    const y = tidy(() => ones([2]).mul(3));
    await Promise.resolve();
    expect(y.toArray()).toEqual([3, 3]);
    y.dispose();
    expect(memory().tensors).toBe(before);
  });
});

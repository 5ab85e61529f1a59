/**
 * Scopes that run a function and undo something when it returns (`tidy` frees the tensors it
 * made; autograd's `noGrad` and `enableGrad` restore the gradient mode) cannot wrap an async
 * function: it returns at its first `await`, so the scope would end there while the rest of
 * the function runs later, outside it. These checks refuse such a function up front, or its
 * promise once it has returned, with an error that says how to write it instead.
 */

/** The constructor of every `async function` and async arrow. */
const AsyncFunction = (async () => {}).constructor;

function advice(scope: string): string {
  return (
    `call ${scope} inside the async function, around each synchronous stretch, e.g. ` +
    `\`const y = ${scope}(() => model.forward(x)); await ...\``
  );
}

/**
 * Throws when `fn` is an `async` function, before it runs.
 * @param scope - the scope's name, e.g. `'tidy'`.
 * @param ending - what ends at `fn`'s return, e.g. `'the tensors it made are freed'`.
 * @internal
 */
export function refuseAsyncFunction(scope: string, fn: unknown, ending: string): void {
  if (fn instanceof AsyncFunction) {
    throw new Error(
      `${scope}: expected a synchronous function, got an async one; ${scope}'s scope ends when ` +
        `the function returns, which is at its first await (${ending}), so the rest of it would ` +
        `run outside the scope. Instead, ${advice(scope)}`,
    );
  }
}

/** Whether `value` is a promise or any other thenable. @internal */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * Throws when `result`, what the scope's function returned, is a promise (or any thenable):
 * the function did part of its work asynchronously, after the scope had ended. The promise is
 * given a handler for its rejection, which is reported through this error instead.
 * @internal
 */
export function refusePromiseResult(scope: string, result: unknown, ending: string): void {
  if (!isThenable(result)) return;
  result.then(undefined, () => undefined);
  throw new Error(
    `${scope}: the function returned a Promise; ${scope}'s scope ended when it returned ` +
      `(${ending}), before the work still pending in the promise. Instead, ${advice(scope)}`,
  );
}

/**
 * Whether operations record a graph. A single module-level flag suffices because everything in
 * tensorgrad is synchronous: a scope opened by {@link noGrad} closes before any other code runs.
 * That is also why `noGrad` and `enableGrad` refuse async functions (and functions returning a
 * promise): the mode would be restored at the first `await`, and the rest of the function, and
 * whatever else ran meanwhile, would see the wrong one.
 */
import { refuseAsyncFunction, refusePromiseResult } from '@tensorgrad/tensor';

let gradEnabled = true;

/**
 * Whether operations on tensors that require grad currently record the graph for backward.
 * @example
 * ```ts
 * import { isGradEnabled, noGrad } from '@tensorgrad/autograd';
 * if (!isGradEnabled()) throw new Error('recording is on by default');
 * if (noGrad(() => isGradEnabled())) throw new Error('and off inside noGrad');
 * ```
 */
export function isGradEnabled(): boolean {
  return gradEnabled;
}

function withGradMode<T>(scope: string, enabled: boolean, fn: () => T): T {
  const ending = `recording is switched back ${enabled ? 'off' : 'on'}`;
  refuseAsyncFunction(scope, fn, ending);
  const previous = gradEnabled;
  gradEnabled = enabled;
  let result: T;
  try {
    result = fn();
  } finally {
    gradEnabled = previous;
  }
  refusePromiseResult(scope, result, ending);
  return result;
}

/**
 * Runs `fn` without recording a graph: results never require grad, no backward nodes are
 * created and no tensors are saved for backward (inference costs what the array ops cost).
 * @example
 * ```ts
 * import { noGrad, ones } from '@tensorgrad/autograd';
 * const w = ones([2], { requiresGrad: true });
 * const y = noGrad(() => w.mul(2));
 * if (y.requiresGrad || y.gradFn !== null) throw new Error('noGrad');
 * ```
 */
export function noGrad<T>(fn: () => T): T {
  return withGradMode('noGrad', false, fn);
}

/**
 * Runs `fn` with graph recording switched back on, e.g. inside a {@link noGrad} scope.
 * @example
 * ```ts
 * import { enableGrad, noGrad, ones } from '@tensorgrad/autograd';
 * const w = ones([2], { requiresGrad: true });
 * if (!noGrad(() => enableGrad(() => w.mul(2))).requiresGrad) throw new Error('enableGrad');
 * ```
 */
export function enableGrad<T>(fn: () => T): T {
  return withGradMode('enableGrad', true, fn);
}

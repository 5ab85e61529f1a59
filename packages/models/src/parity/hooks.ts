/**
 * Forward hooks for the parity drivers: the reference captured intermediates (`aux.*`) with
 * `register_forward_hook`, and so do these.
 */
import type { Module } from '@tensorgrad/nn';

/**
 * Pushes every result of `module.forward`, in call order, onto `into` (pass one array to
 * several modules to record their calls interleaved).
 */
export function recordOutputs<A extends unknown[], R>(
  module: Module & { forward: (...args: A) => R },
  into: R[] = [],
): R[] {
  const outputs = into;
  // A forward hook, so that what it records stays readable after backward.
  module.registerForwardHook((_module, _args, out) => {
    outputs.push(out as unknown as R);
  });
  return outputs;
}

/** `model` as an instance of `type`, or an error naming the driver (a mismatch is a driver bug). */
export function expectModel<M extends Module>(
  driver: string,
  model: Module,
  type: abstract new (...args: never[]) => M,
): M {
  if (!(model instanceof type)) {
    throw new Error(`${driver} driver: expected a ${type.name}, got a ${model.constructor.name}`);
  }
  return model;
}

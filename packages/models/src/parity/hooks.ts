/**
 * Forward hooks for the parity drivers: the reference captured intermediates (`aux.*`) with
 * `register_forward_hook`; here a module instance's `forward` is wrapped the same way.
 */
import type { Module } from '@tensorgrad/nn';

/**
 * Wraps `module.forward` (this instance only) so every result is also pushed, in call order,
 * onto `into` (pass one array to several modules to record their calls interleaved).
 */
export function recordOutputs<A extends unknown[], R>(
  module: Module & { forward: (...args: A) => R },
  into: R[] = [],
): R[] {
  const outputs = into;
  const original = module.forward.bind(module);
  module.forward = (...args: A): R => {
    const out = original(...args);
    outputs.push(out);
    return out;
  };
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

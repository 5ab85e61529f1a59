/**
 * `functionalCall`: run a module with some parameters replaced by other tensors, as
 * `torch.func.functional_call`. Used to differentiate with respect to substitute tensors
 * (gradient checks of a layer's parameters, meta-learning) without touching the module's own.
 */
import type { Tensor } from '@tensorgrad/autograd';
import type { Module } from './module.js';
import { Parameter } from './parameter.js';
import { stateDictKey } from './state-dict-key.js';
import { sameShape, shapeString } from '@tensorgrad/tensor';

/**
 * Call `fn` while the parameters named in `replacements` (state-dict keys, e.g. `'0.weight'`)
 * are replaced by the given tensors; the module's own parameters are put back afterwards, even
 * if `fn` throws.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { Linear, functionalCall } from '@tensorgrad/nn';
 * const layer = new Linear(2, 2);
 * const x = randn([1, 2]);
 * const w = randn([2, 2]);
 * const b = randn([2]);
 * const y = functionalCall(layer, { weight: w, bias: b }, () => layer.forward(x));
 * const expected = x.matmul(w.transpose(0, 1)).add(b);
 * if (Number(y.sub(expected).abs().max().item()) > 1e-6) throw new Error('ran with the replacements');
 * if (layer.weight === w) throw new Error('own parameters put back');
 * let error: unknown;
 * try { functionalCall(layer, { wieght: w }, () => 0); } catch (e) { error = e; }
 * if (!(error instanceof Error) || error.message !== 'functionalCall: Linear has no parameter named wieght') throw new Error('a misspelt name is an error');
 * ```
 */
export function functionalCall<T>(
  module: Module,
  replacements: Readonly<Record<string, Tensor>> | ReadonlyMap<string, Tensor>,
  fn: () => T,
): T {
  const wanted = new Map(replacements instanceof Map ? replacements : Object.entries(replacements));
  const slots: {
    owner: Record<string, unknown>;
    property: string;
    original: Parameter;
    replacement: Tensor;
  }[] = [];
  for (const [path, owner] of module.namedModules()) {
    for (const [property, value] of Object.entries(owner)) {
      if (!(value instanceof Parameter)) continue;
      const key = path === '' ? stateDictKey(property) : `${path}.${stateDictKey(property)}`;
      const replacement = wanted.get(key);
      if (replacement === undefined) continue;
      if (!sameShape(replacement.shape, value.shape)) {
        throw new Error(
          `functionalCall: replacement for ${key} has shape ${shapeString(replacement.shape)}; expected ${shapeString(value.shape)}`,
        );
      }
      slots.push({
        owner: owner as unknown as Record<string, unknown>,
        property,
        original: value,
        replacement,
      });
      wanted.delete(key);
    }
  }
  if (wanted.size > 0) {
    throw new Error(
      `functionalCall: ${module.constructor.name} has no parameter named ${[...wanted.keys()].join(', ')}`,
    );
  }
  for (const { owner, property, replacement } of slots) owner[property] = replacement;
  try {
    return fn();
  } finally {
    for (const { owner, property, original } of slots) owner[property] = original;
  }
}

/** The module system: `Module`, `Parameter` and the state-dict key mapping. */
export {
  Module,
  type LoadStateDictOptions,
  type LoadStateDictResult,
  type RegisterBufferOptions,
  type StateDict,
  type ForwardHook,
  type Named,
  type StateDictLike,
} from './module.js';
export { Parameter } from './parameter.js';
export { stateDictKey } from './state-dict-key.js';
export { functionalCall } from './functional-call.js';
export { checkOptions, type OptionSpec } from './options.js';

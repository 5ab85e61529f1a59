/** Composite ops: built only from declared ops, so none has a backward rule of its own. */
export { clamp } from './clamp.js';
export { conv2d } from './conv2d.js';
export { sort, topk } from './ordering.js';
export { pad, PAD_MODES, type PadMode } from './padding.js';
export { chunk, index, narrow, split } from './slicing.js';
export { variance } from './statistics.js';

// from src/dtype.ts:104
import { typedArray } from '../../src/dtype.js';
const a = typedArray('int32', [1.7, -2.7]); // truncates toward zero
if (!(a instanceof Int32Array) || a.join() !== '1,-2') throw new Error('typedArray');
export {};

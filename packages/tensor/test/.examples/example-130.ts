// from src/ops/pad.ts:13
import { ones, pad } from '@tensorgrad/tensor';
const y = pad(ones([1, 2]), [1, 0]);
if (JSON.stringify(y.toArray()) !== '[[0,1,1]]') throw new Error('pad');
if (pad(ones([2, 2]), [0, 0, 1, 1], 5).shape.join() !== '4,2') throw new Error('pad rows');
export {};

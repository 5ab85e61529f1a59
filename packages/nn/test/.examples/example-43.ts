// from src/functional/pad.ts:10
import { ones } from '@tensorgrad/autograd';
import { pad } from '@tensorgrad/nn';
const x = ones([2, 3]);
const y = pad(x, [1, 1, 2, 0]); // last dim +1 each side, second-to-last +2 at the start
if (y.shape.join() !== '4,5') throw new Error(`shape ${y.shape}`);
const masked = pad(x, [0, 1], -Infinity);
if ((masked.toArray()[0] as number[])[3] !== -Infinity) throw new Error('filled with the value');
export {};

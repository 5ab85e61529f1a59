// from src/ops/views.ts:77
import { arange, reshape } from '@tensorgrad/tensor';
const x = arange(6);
if (reshape(x, [2, -1]).shape.join() !== '2,3') throw new Error('reshape');
const t = reshape(x, [2, 3]).mT; // not viewable as [6]: reshape copies
if (reshape(t, [6]).toArray().join() !== '0,3,1,4,2,5') throw new Error('reshape copy');
export {};

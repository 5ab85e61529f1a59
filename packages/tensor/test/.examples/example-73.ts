// from src/ops/conv.ts:110
import { arange, convGeometry, unfold } from '@tensorgrad/tensor';
const x = arange(16, { dtype: 'float32' }).reshape(1, 1, 4, 4);
const cols = unfold(x, convGeometry(x.shape, [2, 2], { stride: 2 }));
if (cols.shape.join() !== '1,4,4') throw new Error('unfold');
if (cols.select(2, 0).toArray().toString() !== '0,1,4,5') throw new Error('first window');
export {};

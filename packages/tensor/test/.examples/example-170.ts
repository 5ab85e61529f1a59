// from src/ops/views.ts:444
import { arange, index } from '@tensorgrad/tensor';
const x = arange(24).reshape(2, 3, 4);
if (index(x, 0, '...', null).shape.join() !== '3,4,1') throw new Error('index');
if (index(x, 1, '1:', '::2').toArray().join() !== '16,18,20,22') throw new Error('index slices');
export {};

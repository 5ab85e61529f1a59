// from src/ops/elementwise.ts:396
import { relu, tensor } from '@tensorgrad/tensor';
const y = relu(tensor([-1, 0, 2], { dtype: 'int32' }));
if (y.dtype !== 'int32' || y.toArray().join() !== '0,0,2') throw new Error('relu');
export {};

// from src/ops/elementwise.ts:456
import { reciprocal, tensor } from '@tensorgrad/tensor';
const y = reciprocal(tensor([2, 4], { dtype: 'int32' }));
if (y.dtype !== 'float32' || y.toArray().join() !== '0.5,0.25') throw new Error('reciprocal');
export {};

// from src/ops/elementwise.ts:326
import { log1p, tensor } from '@tensorgrad/tensor';
const y = log1p(tensor([0, 1e-10], { dtype: 'float64' })); // accurate where log(1 + x) rounds to 0
if (Math.abs((y.toArray() as number[])[1]! - 1e-10) > 1e-20) throw new Error('log1p');
export {};

// from src/ops/elementwise.ts:95
import { sub, tensor } from '@tensorgrad/tensor';
const y = sub(tensor([1, 2]), tensor([[1], [2]]));
if (JSON.stringify(y.toArray()) !== '[[0,1],[-1,0]]') throw new Error('sub');
export {};

// from src/ops/elementwise.ts:241
import { logicalAnd, tensor } from '@tensorgrad/tensor';
const y = logicalAnd(tensor([1, 1, 0]), tensor([2, 0, 0]));
if (y.toArray().join() !== 'true,false,false') throw new Error('logicalAnd');
export {};

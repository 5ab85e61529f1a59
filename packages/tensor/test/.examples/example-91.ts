// from src/ops/elementwise.ts:252
import { logicalOr, tensor } from '@tensorgrad/tensor';
const y = logicalOr(tensor([1, 0, 0]), tensor([0, 3, 0]));
if (y.toArray().join() !== 'true,true,false') throw new Error('logicalOr');
export {};

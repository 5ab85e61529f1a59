// from src/ops/elementwise.ts:496
import { logicalNot, tensor } from '@tensorgrad/tensor';
const y = logicalNot(tensor([0, 2]));
if (y.toArray().join() !== 'true,false') throw new Error('logicalNot');
export {};

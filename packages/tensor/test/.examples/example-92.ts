// from src/ops/elementwise.ts:263
import { logicalXor, tensor } from '@tensorgrad/tensor';
const y = logicalXor(tensor([true, true, false]), tensor([true, false, false]));
if (y.toArray().join() !== 'false,true,false') throw new Error('logicalXor');
export {};

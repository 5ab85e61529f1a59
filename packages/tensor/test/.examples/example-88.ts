// from src/ops/elementwise.ts:221
import { gt, tensor } from '@tensorgrad/tensor';
const y = gt(tensor([1, 2, 3]), 2);
if (y.toArray().join() !== 'false,false,true') throw new Error('gt');
export {};

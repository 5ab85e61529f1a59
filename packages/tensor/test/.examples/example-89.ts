// from src/ops/elementwise.ts:231
import { ge, tensor } from '@tensorgrad/tensor';
const y = ge(tensor([1, 2, 3]), 2);
if (y.toArray().join() !== 'false,true,true') throw new Error('ge');
export {};

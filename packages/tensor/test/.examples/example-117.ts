// from src/ops/elementwise.ts:530
import { tensor, where } from '@tensorgrad/tensor';
const y = where(tensor([true, false]), 1, tensor([5, 6]));
if (y.toArray().join() !== '1,6') throw new Error('where');
export {};

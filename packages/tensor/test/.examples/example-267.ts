// from src/tensor.ts:910
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).where(tensor([true, false]), 0).toArray().join() !== '1,0') throw new Error('where');
export {};

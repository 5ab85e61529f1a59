// from src/tensor.ts:282
import { tensor } from '@tensorgrad/tensor';
if (JSON.stringify(tensor([[1, 2]]).transpose(0, 1).toArray()) !== '[[1],[2]]') throw new Error('transpose');
export {};

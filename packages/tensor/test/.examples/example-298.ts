// from src/tensor.ts:1270
import { tensor } from '@tensorgrad/tensor';
if (JSON.stringify(tensor([[1, 2]]).toArray()) !== '[[1,2]]') throw new Error('toArray');
if (tensor(5).toArray() !== 5) throw new Error('a 0-d tensor gives a number');
export {};

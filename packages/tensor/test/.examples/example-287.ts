// from src/tensor.ts:1143
import { tensor } from '@tensorgrad/tensor';
if (JSON.stringify(tensor([[1, 2]]).matmul(tensor([[3], [4]])).toArray()) !== '[[11]]') throw new Error('matmul');
export {};

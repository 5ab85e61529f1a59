// from src/ops/views.ts:151
import { tensor, transpose } from '@tensorgrad/tensor';
const y = transpose(tensor([[1, 2, 3]]), 0, 1);
if (JSON.stringify(y.toArray()) !== '[[1],[2],[3]]') throw new Error('transpose');
export {};

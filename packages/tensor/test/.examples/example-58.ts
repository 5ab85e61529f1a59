// from src/index.ts:4
import { tensor, tidy } from '@tensorgrad/tensor';
const y = tidy(() => tensor([[1, 2], [3, 4]]).matmul(tensor([1, 1])));
if (y.toArray().join() !== '3,7') throw new Error('matrix times vector');
export {};

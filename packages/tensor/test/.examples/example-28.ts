// from src/index.ts:5
import { tensor, tidy } from '@tensorgrad/tensor';
const y = tidy(() => tensor([[1, 2], [3, 4]]).matmul(tensor([1, 1])));
export {};

// from src/ops/reduce.ts:139
import { max, tensor } from '@tensorgrad/tensor';
if (max(tensor([1, 3, 2])).item() !== 3) throw new Error('max');
if (max(tensor([[1, 5], [4, 2]]), 0).toArray().join() !== '4,5') throw new Error('max axis 0');
export {};

// from src/ops/reduce.ts:224
import { mean, tensor } from '@tensorgrad/tensor';
if (mean(tensor([1, 2, 3, 4])).item() !== 2.5) throw new Error('mean');
if (mean(tensor([[1, 2], [3, 4]]), -1).toArray().join() !== '1.5,3.5') throw new Error('mean axis');
export {};

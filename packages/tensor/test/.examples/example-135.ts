// from src/ops/reduce.ts:152
import { min, tensor } from '@tensorgrad/tensor';
if (min(tensor([1, 3, 2])).item() !== 1) throw new Error('min');
export {};

// from src/ops/reduce.ts:377
import { all, tensor } from '@tensorgrad/tensor';
if (all(tensor([1, 0])).item() !== false) throw new Error('all');
export {};

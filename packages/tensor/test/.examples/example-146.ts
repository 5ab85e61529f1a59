// from src/ops/reduce.ts:389
import { any, tensor } from '@tensorgrad/tensor';
if (any(tensor([1, 0])).item() !== true) throw new Error('any');
export {};

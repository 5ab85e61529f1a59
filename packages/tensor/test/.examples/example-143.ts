// from src/ops/reduce.ts:320
import { norm, tensor } from '@tensorgrad/tensor';
if (norm(tensor([3, 4])).item() !== 5) throw new Error('norm');
if (norm(tensor([3, -4]), Infinity).item() !== 4) throw new Error('inf norm');
export {};

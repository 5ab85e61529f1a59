// from src/ops/reduce.ts:281
import { std, tensor } from '@tensorgrad/tensor';
const s = std(tensor([1, 3])).item() as number;
if (Math.abs(s - Math.SQRT2) > 1e-6) throw new Error('std');
export {};

// from src/ops/elementwise.ts:316
import { log, tensor } from '@tensorgrad/tensor';
const y = log(tensor([1, Math.E]));
if (Math.abs((y.toArray() as number[])[1]! - 1) > 1e-6) throw new Error('log');
export {};

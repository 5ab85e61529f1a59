// from src/ops/elementwise.ts:305
import { exp, tensor } from '@tensorgrad/tensor';
const y = exp(tensor([0, 1]));
const [a, b] = y.toArray() as number[];
if (a !== 1 || Math.abs(b! - Math.E) > 1e-6) throw new Error('exp');
export {};

// from src/ops/elementwise.ts:416
import { erf, tensor } from '@tensorgrad/tensor';
const y = erf(tensor([0, 1]));
if (Math.abs((y.toArray() as number[])[1]! - 0.8427) > 1e-4) throw new Error('erf');
export {};

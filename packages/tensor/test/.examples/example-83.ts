// from src/ops/elementwise.ts:171
import { mod, tensor } from '@tensorgrad/tensor';
const y = mod(tensor([-3, 3]), 2); // the sign of the divisor, as Python's %
if (y.toArray().join() !== '1,1') throw new Error('mod');
export {};

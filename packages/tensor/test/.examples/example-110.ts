// from src/ops/elementwise.ts:446
import { round, tensor } from '@tensorgrad/tensor';
const y = round(tensor([0.5, 1.5, 2.5])); // half to even
if (y.toArray().join() !== '0,2,2') throw new Error('round');
export {};

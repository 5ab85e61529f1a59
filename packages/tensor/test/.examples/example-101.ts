// from src/ops/elementwise.ts:356
import { sin, tensor } from '@tensorgrad/tensor';
const y = sin(tensor([0, Math.PI / 2]));
if (y.toArray().join() !== '0,1') throw new Error('sin');
export {};

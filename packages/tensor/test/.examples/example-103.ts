// from src/ops/elementwise.ts:376
import { tanh, tensor } from '@tensorgrad/tensor';
const y = tanh(tensor([0, 100]));
if (y.toArray().join() !== '0,1') throw new Error('tanh');
export {};

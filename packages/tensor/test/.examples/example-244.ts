// from src/tensor.ts:654
import { tensor } from '@tensorgrad/tensor';
if (tensor([0]).tanh().toArray().join() !== '0') throw new Error('tanh');
export {};

// from src/tensor.ts:632
import { tensor } from '@tensorgrad/tensor';
if (tensor([0]).sin().toArray().join() !== '0') throw new Error('sin');
export {};

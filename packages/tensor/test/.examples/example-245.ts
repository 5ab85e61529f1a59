// from src/tensor.ts:665
import { tensor } from '@tensorgrad/tensor';
if (tensor([0]).sigmoid().toArray().join() !== '0.5') throw new Error('sigmoid');
export {};

// from src/tensor.ts:588
import { tensor } from '@tensorgrad/tensor';
if (tensor([1]).log().toArray().join() !== '0') throw new Error('log');
export {};

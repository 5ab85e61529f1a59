// from src/tensor.ts:577
import { tensor } from '@tensorgrad/tensor';
if (tensor([0]).exp().toArray().join() !== '1') throw new Error('exp');
export {};

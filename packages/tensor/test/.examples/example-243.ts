// from src/tensor.ts:643
import { tensor } from '@tensorgrad/tensor';
if (tensor([0]).cos().toArray().join() !== '1') throw new Error('cos');
export {};

// from src/tensor.ts:972
import { arange, zeros } from '@tensorgrad/tensor';
if (zeros([2, 3]).mean(1, true).shape.join() !== '2,1') throw new Error('mean keepdim');
if (arange(4).mean().item() !== 1.5) throw new Error('mean');
export {};

// from src/tensor.ts:755
import { tensor } from '@tensorgrad/tensor';
if (tensor([-2, 3]).square().toArray().join() !== '4,9') throw new Error('square');
export {};

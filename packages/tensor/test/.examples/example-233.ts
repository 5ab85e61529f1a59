// from src/tensor.ts:533
import { tensor } from '@tensorgrad/tensor';
if (tensor([-3, 3]).mod(2).toArray().join() !== '1,1') throw new Error('mod');
export {};

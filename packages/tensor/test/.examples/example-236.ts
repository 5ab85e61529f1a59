// from src/tensor.ts:566
import { tensor } from '@tensorgrad/tensor';
if (tensor([-3, 0, 2]).sign().toArray().join() !== '-1,0,1') throw new Error('sign');
export {};

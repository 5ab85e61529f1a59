// from src/tensor.ts:555
import { tensor } from '@tensorgrad/tensor';
if (tensor([-1, 2]).abs().toArray().join() !== '1,2') throw new Error('abs');
export {};

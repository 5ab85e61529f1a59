// from src/tensor.ts:711
import { tensor } from '@tensorgrad/tensor';
if (tensor([1.5, -1.5]).floor().toArray().join() !== '1,-2') throw new Error('floor');
export {};

// from src/tensor.ts:866
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 0]).logicalXor(1).toArray().join() !== 'false,true') throw new Error('logicalXor');
export {};

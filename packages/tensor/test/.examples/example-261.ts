// from src/tensor.ts:844
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 0]).logicalAnd(1).toArray().join() !== 'true,false') throw new Error('logicalAnd');
export {};

// from src/tensor.ts:855
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 0]).logicalOr(0).toArray().join() !== 'true,false') throw new Error('logicalOr');
export {};

// from src/tensor.ts:877
import { tensor } from '@tensorgrad/tensor';
if (tensor([0, 1]).logicalNot().toArray().join() !== 'true,false') throw new Error('logicalNot');
export {};

// from src/tensor.ts:1323
import { inspect } from 'node:util';
import { tensor } from '@tensorgrad/tensor';
if (inspect(tensor([1, 2])) !== 'tensor([1.0000, 2.0000])') throw new Error('inspect');
export {};

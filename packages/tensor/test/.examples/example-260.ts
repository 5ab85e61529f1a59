// from src/tensor.ts:833
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).ge(2).toArray().join() !== 'false,true') throw new Error('ge');
export {};

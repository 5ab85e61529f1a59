// from src/tensor.ts:888
import { tensor } from '@tensorgrad/tensor';
if (tensor([NaN, 1]).isnan().toArray().join() !== 'true,false') throw new Error('isnan');
export {};

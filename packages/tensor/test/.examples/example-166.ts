// from src/ops/views.ts:360
import { arange, narrow } from '@tensorgrad/tensor';
if (narrow(arange(5), 0, 1, 3).toArray().join() !== '1,2,3') throw new Error('narrow');
export {};

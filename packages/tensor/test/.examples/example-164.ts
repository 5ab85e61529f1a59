// from src/ops/views.ts:316
import { arange, slice } from '@tensorgrad/tensor';
if (slice(arange(10), 0, 1, -1, 3).toArray().join() !== '1,4,7') throw new Error('slice');
if (slice(arange(4), 0, undefined, undefined, -1).toArray().join() !== '3,2,1,0') throw new Error('reversed');
export {};

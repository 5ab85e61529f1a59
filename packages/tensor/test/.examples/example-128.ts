// from src/ops/join.ts:152
import { arange, chunk } from '@tensorgrad/tensor';
if (chunk(arange(6), 3).map((t) => t.size).join() !== '2,2,2') throw new Error('chunk');
if (chunk(arange(5), 3).map((t) => t.size).join() !== '2,2,1') throw new Error('uneven chunk');
export {};

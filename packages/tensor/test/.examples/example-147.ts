// from src/ops/reduce.ts:402
import { ones, sumToShape } from '@tensorgrad/tensor';
const g = sumToShape(ones([2, 3]), [1, 3]);
if (JSON.stringify(g.toArray()) !== '[[2,2,2]]') throw new Error('sumToShape');
if (sumToShape(ones([2, 3]), [3]).toArray().join() !== '2,2,2') throw new Error('leading dims');
export {};

// from src/ops/reduce.ts:19
import { type Axis, sum, tensor } from '@tensorgrad/tensor';
const x = tensor([[1, 2], [3, 4]]);
const axes: Axis[] = [0, [0, 1], undefined, []];
const sums = axes.map((a) => sum(x, a).toArray());
if (JSON.stringify(sums) !== '[[4,6],10,10,[[1,2],[3,4]]]') throw new Error('Axis');
export {};

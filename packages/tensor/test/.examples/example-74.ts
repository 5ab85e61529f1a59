// from src/ops/conv.ts:133
import { convGeometry, fold, ones, unfold } from '@tensorgrad/tensor';
const x = ones([1, 1, 3, 3]);
const g = convGeometry(x.shape, [2, 2]);
const y = fold(unfold(x, g), g); // each pixel summed once per window covering it
if (JSON.stringify(y.toArray()) !== '[[[[1,2,1],[2,4,2],[1,2,1]]]]') throw new Error('fold');
export {};

// from src/ops/indexing.ts:166
import { oneHot, tensor } from '@tensorgrad/tensor';
const y = oneHot(tensor([0, 2], { dtype: 'int32' }), 3);
if (JSON.stringify(y.toArray()) !== '[[1,0,0],[0,0,1]]') throw new Error('oneHot');
if (oneHot(tensor([1], { dtype: 'int32' })).shape.join() !== '1,2') throw new Error('inferred classes');
export {};

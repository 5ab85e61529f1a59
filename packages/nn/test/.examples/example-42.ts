// from src/functional/one-hot.ts:9
import { tensor } from '@tensorgrad/autograd';
import { oneHot } from '@tensorgrad/nn';
const y = oneHot(tensor([0, 2], { dtype: 'int32' }), 3);
if (JSON.stringify(y.toArray()) !== '[[1,0,0],[0,0,1]]') throw new Error(`got ${y.toArray()}`);
export {};

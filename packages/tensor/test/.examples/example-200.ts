// from src/tensor.ts:97
import { Tensor, tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2, 3, 4]);
// a second handle on x's storage, as ops build views (prefer the ops themselves)
const y = new Tensor(x.storage, [2, 2], [2, 1], 0, x.dtype);
if (JSON.stringify(y.toArray()) !== '[[1,2],[3,4]]') throw new Error('constructor');
export {};

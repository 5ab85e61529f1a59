// from src/tensor.ts:35
import { tensor } from '@tensorgrad/tensor';
const x = tensor([[1, 2, 3], [4, 5, 6]]);
const t = x.mT; // a view: new shape and strides over the same storage
if (t.storage !== x.storage || t.strides.join() !== '1,3') throw new Error('Tensor');
if (JSON.stringify(t.add(1).sum(1, true).toArray()) !== '[[7],[9],[11]]') throw new Error('methods chain');
export {};

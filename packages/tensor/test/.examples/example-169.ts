// from src/ops/views.ts:414
import { clone, tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2]);
const y = clone(x);
if (y.storage === x.storage || y.toArray().join() !== '1,2') throw new Error('clone');
export {};

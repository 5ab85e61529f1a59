// from src/tensor.ts:1017
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 3, 2]).argmax().item() !== 1) throw new Error('argmax');
if (tensor([[1, 5], [4, 2]]).argmax(1).toArray().join() !== '1,0') throw new Error('argmax along an axis');
export {};

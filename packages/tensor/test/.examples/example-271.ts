// from src/tensor.ts:960
import { tensor } from '@tensorgrad/tensor';
if (tensor([[1, 2], [3, 4]]).sum(1).toArray().join() !== '3,7') throw new Error('sum');
if (tensor([1, 2]).sum().item() !== 3) throw new Error('sum of all');
export {};

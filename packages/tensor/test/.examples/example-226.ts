// from src/tensor.ts:455
import { tensor } from '@tensorgrad/tensor';
if (tensor([1, 2]).add(1).toArray().join() !== '2,3') throw new Error('add');
if (JSON.stringify(tensor([1, 2]).add(tensor([[10], [20]])).toArray()) !== '[[11,12],[21,22]]') throw new Error('broadcasting');
export {};

// from src/tensor.ts:1244
import { tensor } from '@tensorgrad/tensor';
const { values } = tensor([1, 5, 3]).topk(2);
if (values.toArray().join() !== '5,3') throw new Error('topk');
export {};

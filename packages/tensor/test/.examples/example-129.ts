// from src/ops/matmul.ts:20
import { matmul, ones, tensor } from '@tensorgrad/tensor';
if (matmul(ones([2, 3]), ones([3, 4])).shape.join() !== '2,4') throw new Error('matmul');
if (matmul(tensor([1, 2]), tensor([3, 4])).item() !== 11) throw new Error('dot product');
if (matmul(ones([5, 2, 3]), ones([3])).shape.join() !== '5,2') throw new Error('batched');
export {};

// from src/tensor.ts:304
import { tensor, zeros } from '@tensorgrad/tensor';
if (tensor([[1], [2]]).expand(2, 3).shape.join() !== '2,3') throw new Error('expand');
if (zeros([3, 1]).expand(-1, 4).shape.join() !== '3,4') throw new Error('expand with -1');
export {};

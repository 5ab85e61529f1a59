// from src/shape.ts:120
import { broadcastStrides } from '@tensorgrad/tensor';
// a [3, 1] tensor read as [2, 3, 4]: the new and the size-1 dims step by 0
if (broadcastStrides([3, 1], [1, 1], [2, 3, 4]).join() !== '0,1,0') throw new Error('broadcastStrides');
export {};

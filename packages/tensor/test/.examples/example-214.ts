// from src/tensor.ts:316
import { tensor } from '@tensorgrad/tensor';
if (JSON.stringify(tensor([1, 2]).broadcastTo(2, 2).toArray()) !== '[[1,2],[1,2]]') throw new Error('broadcastTo');
export {};

// from src/ops/softmax.ts:14
import { softmax, tensor } from '@tensorgrad/tensor';
const y = softmax(tensor([[0, 0], [0, 1000]]), 1); // no overflow
if (JSON.stringify(y.toArray()) !== '[[0.5,0.5],[0,1]]') throw new Error('softmax');
export {};

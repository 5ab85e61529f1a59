// from src/ops/softmax.ts:33
import { logSoftmax, tensor } from '@tensorgrad/tensor';
const [a, b] = logSoftmax(tensor([0, 0]), 0).toArray() as number[];
if (Math.abs(a! + Math.LN2) > 1e-6 || a !== b) throw new Error('logSoftmax');
if (logSoftmax(tensor([0, -1000]), 0).toArray().join() !== '0,-1000') throw new Error('stays finite');
export {};

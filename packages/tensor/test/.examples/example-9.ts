// from src/backend/backend.ts:179
import { type ReduceOp, getBackend } from '@tensorgrad/tensor';
const b = getBackend();
const x = { data: b.upload([1, 5, 2, 4], 'float32'), shape: [2, 2], strides: [2, 1], offset: 0 };
const op: ReduceOp = 'max';
const out = b.reduce(op, x, [1], 'float32'); // over the last axis
if (b.download({ data: out, shape: [2], strides: [1], offset: 0 }).join() !== '5,4') throw new Error('ReduceOp');
b.dispose(x.data);
b.dispose(out);
export {};

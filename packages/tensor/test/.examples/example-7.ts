// from src/backend/backend.ts:154
import { type BinaryOp, getBackend } from '@tensorgrad/tensor';
const b = getBackend();
const x = { data: b.upload([1, 2], 'float32'), shape: [2], strides: [1], offset: 0 };
const op: BinaryOp = 'add';
const out = b.binary(op, x, x, 'float32');
if (b.download({ ...x, data: out }).join() !== '2,4') throw new Error('BinaryOp');
b.dispose(x.data);
b.dispose(out);
export {};

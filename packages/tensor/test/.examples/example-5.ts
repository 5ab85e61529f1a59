// from src/backend/backend.ts:111
import { type UnaryOp, getBackend } from '@tensorgrad/tensor';
const b = getBackend();
const data = b.upload([0], 'float32');
const op: UnaryOp = 'exp';
const out = b.unary(op, { data, shape: [1], strides: [1], offset: 0 }, 'float32');
if (b.download({ data: out, shape: [1], strides: [1], offset: 0 })[0] !== 1) throw new Error('UnaryOp');
b.dispose(data);
b.dispose(out);
export {};

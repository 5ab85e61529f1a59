// from src/backend/backend.ts:238
import { type Backend, getBackend, setBackend } from '@tensorgrad/tensor';
setBackend('cpu');
const b: Backend = getBackend();
const data = b.fill(3, 2, 'float32');
const x = { data, shape: [3], strides: [1], offset: 0 };
if (b.download(x).join() !== '2,2,2') throw new Error('Backend');
b.dispose(data);
export {};

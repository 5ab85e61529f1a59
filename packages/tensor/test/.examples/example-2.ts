// from src/backend/backend.ts:47
import { type View, getBackend, view } from '@tensorgrad/tensor';
const b = getBackend();
const data = b.upload([1, 2, 3, 4, 5, 6], 'float32');
// the transpose of a row-major [2, 3] matrix
const view: View = { data, shape: [3, 2], strides: [1, 3], offset: 0 };
if (b.download(view).join() !== '1,4,2,5,3,6') throw new Error('View');
b.dispose(data);
export {};

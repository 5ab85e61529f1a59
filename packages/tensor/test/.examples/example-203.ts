// from src/tensor.ts:150
import { setBackend, tensor } from '@tensorgrad/tensor';
setBackend('cpu');
if (tensor([1]).backend !== 'cpu') throw new Error('backend');
export {};

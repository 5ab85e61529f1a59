// from src/tensor.ts:944
import { tensor } from '@tensorgrad/tensor';
const x = tensor([1.5]);
if (x.to('float64').dtype !== 'float64') throw new Error('to(dtype)');
if (x.to('cpu').backend !== 'cpu') throw new Error('to(backend)');
export {};

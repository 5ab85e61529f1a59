// from src/tensor.ts:84
import { arange } from '@tensorgrad/tensor';
const x = arange(4);
if (x.reshape(2, 2).storage !== x.storage) throw new Error('views share storage');
export {};

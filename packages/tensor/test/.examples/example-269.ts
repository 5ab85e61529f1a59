// from src/tensor.ts:932
import { tensor } from '@tensorgrad/tensor';
const y = tensor([1.7, 0]).cast('int32');
if (y.dtype !== 'int32' || y.toArray().join() !== '1,0') throw new Error('cast');
export {};

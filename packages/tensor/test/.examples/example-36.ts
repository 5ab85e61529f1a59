// from src/creation.ts:250
import { tensor, zerosLike } from '@tensorgrad/tensor';
const x = tensor([1, 2], { dtype: 'int32' });
const z = zerosLike(x);
if (z.dtype !== 'int32' || z.toArray().join() !== '0,0') throw new Error('zerosLike');
export {};

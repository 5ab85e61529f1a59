// from src/creation.ts:63
import { type TensorLike, tensor } from '@tensorgrad/tensor';
const inputs: TensorLike[] = [3, true, [1, 2], [[1], [2]], new Int32Array([1, 2])];
const dtypes = inputs.map((v) => tensor(v).dtype);
if (dtypes.join() !== 'float32,bool,float32,float32,int32') throw new Error('TensorLike');
export {};

// from src/creation.ts:49
import { type TensorOptions, tensor } from '@tensorgrad/tensor';
const options: TensorOptions = { shape: [2, 2], dtype: 'int32' };
const x = tensor([1, 2, 3, 4], options);
if (JSON.stringify(x.toArray()) !== '[[1,2],[3,4]]' || x.dtype !== 'int32') throw new Error('TensorOptions');
export {};

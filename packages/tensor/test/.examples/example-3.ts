// from src/backend/backend.ts:67
import { type TypedArray, tensor } from '@tensorgrad/tensor';
const values: TypedArray = tensor([1, 2], { dtype: 'int32' }).data();
if (!(values instanceof Int32Array)) throw new Error('TypedArray');
export {};

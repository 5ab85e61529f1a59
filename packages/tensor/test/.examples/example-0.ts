// from src/backend/backend.ts:16
import { type DType, zeros } from '@tensorgrad/tensor';
const dtypes: DType[] = ['bool', 'int32', 'float32', 'float64'];
const sizes = dtypes.map((d) => zeros([1], { dtype: d }).data().BYTES_PER_ELEMENT);
if (sizes.join() !== '1,4,4,8') throw new Error('DType');
export {};

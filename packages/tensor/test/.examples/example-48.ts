// from src/creation.ts:507
import { randnLike, zeros } from '@tensorgrad/tensor';
const x = randnLike(zeros([3], { dtype: 'int32' })); // ints give float32
if (x.shape.join() !== '3' || x.dtype !== 'float32') throw new Error('randnLike');
export {};

// from src/creation.ts:494
import { randLike, zeros } from '@tensorgrad/tensor';
const x = randLike(zeros([2, 3], { dtype: 'float64' }));
if (x.shape.join() !== '2,3' || x.dtype !== 'float64') throw new Error('randLike');
export {};

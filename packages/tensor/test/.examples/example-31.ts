// from src/creation.ts:129
import { tensor } from '@tensorgrad/tensor';
const x = tensor([[1, 2], [3, 4]]);
if (x.shape.join() !== '2,2' || x.dtype !== 'float32') throw new Error('tensor');
const y = tensor(new Float64Array(6), { shape: [2, 3] });
if (y.shape.join() !== '2,3' || y.dtype !== 'float64') throw new Error('typed array');
export {};

// from src/creation.ts:17
import { type CreationOptions, zeros } from '@tensorgrad/tensor';
const options: CreationOptions = { dtype: 'float64', backend: 'cpu' };
const x = zeros([2], options);
if (x.dtype !== 'float64' || x.backend !== 'cpu') throw new Error('CreationOptions');
export {};

// from src/creation.ts:34
import { Generator, type RandomOptions, randn } from '@tensorgrad/tensor';
const options: RandomOptions = { generator: new Generator(1), dtype: 'float64' };
const x = randn([2], options);
if (x.dtype !== 'float64') throw new Error('RandomOptions');
export {};

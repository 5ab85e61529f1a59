// from src/tensor.ts:1154
import { arange } from '@tensorgrad/tensor';
const [a, b] = arange(5).split([2, 3]);
if (a!.toArray().join() !== '0,1' || b!.toArray().join() !== '2,3,4') throw new Error('split');
export {};

// from src/creation.ts:307
import { arange } from '@tensorgrad/tensor';
const x = arange(1, 7, 2);
if (x.dtype !== 'int32' || x.toArray().join() !== '1,3,5') throw new Error('arange');
if (arange(0, 1, 0.25).toArray().join() !== '0,0.25,0.5,0.75') throw new Error('float arange');
export {};

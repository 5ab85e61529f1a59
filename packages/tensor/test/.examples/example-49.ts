// from src/dtype.ts:13
import { DTYPES, promoteTypes } from '@tensorgrad/tensor';
if (DTYPES.join() !== 'bool,int32,float32,float64') throw new Error('DTYPES');
if (DTYPES.reduce(promoteTypes) !== 'float64') throw new Error('the last wins');
export {};

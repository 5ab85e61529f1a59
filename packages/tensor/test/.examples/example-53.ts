// from src/dtype.ts:79
import { floatDtype } from '@tensorgrad/tensor';
if (floatDtype('int32') !== 'float32' || floatDtype('float64') !== 'float64') throw new Error('floatDtype');
export {};

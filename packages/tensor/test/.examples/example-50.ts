// from src/dtype.ts:26
import { isFloat } from '@tensorgrad/tensor';
if (!isFloat('float32') || isFloat('int32')) throw new Error('isFloat');
export {};

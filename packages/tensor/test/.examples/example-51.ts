// from src/dtype.ts:38
import { promoteTypes } from '@tensorgrad/tensor';
if (promoteTypes('int32', 'float32') !== 'float32') throw new Error('promoteTypes');
if (promoteTypes('bool', 'int32') !== 'int32') throw new Error('bool with int32');
export {};

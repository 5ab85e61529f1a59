// from src/dtype.ts:54
import { resultType } from '@tensorgrad/tensor';
if (resultType('int32', 2.5) !== 'float32') throw new Error('a fraction upgrades ints');
if (resultType('int32', 2) !== 'int32') throw new Error('an integer does not');
if (resultType('float64', 2.5) !== 'float64') throw new Error('floats keep theirs');
export {};

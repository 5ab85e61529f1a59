// from src/creation.ts:210
import { zeros } from '@tensorgrad/tensor';
if (zeros([2, 3]).shape.join() !== '2,3' || zeros(2, 3).shape.join() !== '2,3') throw new Error('zeros');
if (zeros([2], { dtype: 'int32' }).toArray().join() !== '0,0') throw new Error('int32 zeros');
export {};

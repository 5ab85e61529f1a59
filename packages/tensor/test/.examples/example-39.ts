// from src/creation.ts:294
import { emptyLike, ones } from '@tensorgrad/tensor';
if (emptyLike(ones([3])).toArray().join() !== '0,0,0') throw new Error('emptyLike');
export {};

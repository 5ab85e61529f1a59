// from src/creation.ts:264
import { onesLike, zeros } from '@tensorgrad/tensor';
const o = onesLike(zeros([2, 2]));
if (JSON.stringify(o.toArray()) !== '[[1,1],[1,1]]') throw new Error('onesLike');
export {};

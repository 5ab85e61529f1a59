// from src/creation.ts:277
import { fullLike, zeros } from '@tensorgrad/tensor';
const f = fullLike(zeros([2]), 3);
if (f.toArray().join() !== '3,3') throw new Error('fullLike');
export {};

// from src/ops/join.ts:14
import { cat, ones, tensor, zeros } from '@tensorgrad/tensor';
const y = cat([zeros([2, 3]), ones([1, 3])]);
if (y.shape.join() !== '3,3') throw new Error('cat');
if (cat([tensor([1]), tensor([2, 3])]).toArray().join() !== '1,2,3') throw new Error('cat 1-D');
export {};

// from src/tensor.ts:339
import { zeros } from '@tensorgrad/tensor';
if (zeros([3]).unsqueeze(0).shape.join() !== '1,3') throw new Error('unsqueeze');
export {};

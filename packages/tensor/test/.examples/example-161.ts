// from src/ops/views.ts:243
import { unsqueeze, zeros } from '@tensorgrad/tensor';
if (unsqueeze(zeros([3]), -1).shape.join() !== '3,1') throw new Error('unsqueeze');
export {};

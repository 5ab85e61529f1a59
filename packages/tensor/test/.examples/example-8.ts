// from src/backend/backend.ts:170
import { REDUCE_OPS } from '@tensorgrad/tensor';
if (REDUCE_OPS.join() !== 'sum,prod,max,min,argmax,argmin') throw new Error('REDUCE_OPS');
export {};

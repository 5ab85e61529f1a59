// from src/backend/backend.ts:78
import { UNARY_OPS } from '@tensorgrad/tensor';
if (!UNARY_OPS.includes('exp') || UNARY_OPS.includes('add' as never)) throw new Error('UNARY_OPS');
export {};

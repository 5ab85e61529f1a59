// from src/backend/backend.ts:127
import { BINARY_OPS } from '@tensorgrad/tensor';
if (!BINARY_OPS.includes('mul') || BINARY_OPS.length !== 17) throw new Error('BINARY_OPS');
export {};

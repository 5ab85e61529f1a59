// from src/backend/cpu/erf.ts:116
import { gelu } from '../../src/backend/cpu/erf.js';
if (Math.abs(gelu(1) - 0.8413447460685429) > 1e-15) throw new Error('gelu(1)');
export {};

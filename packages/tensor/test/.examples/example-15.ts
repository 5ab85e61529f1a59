// from src/backend/cpu/erf.ts:99
import { erfc } from '../../src/backend/cpu/erf.js';
if (Math.abs(erfc(10) / 2.088487583762545e-45 - 1) > 1e-14) throw new Error('erfc(10)');
export {};

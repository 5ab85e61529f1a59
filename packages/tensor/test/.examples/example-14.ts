// from src/backend/cpu/erf.ts:83
import { erf } from '../../src/backend/cpu/erf.js';
if (Math.abs(erf(1) - 0.8427007929497149) > 1e-15) throw new Error('erf(1)');
export {};

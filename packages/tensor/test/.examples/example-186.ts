// from src/shape.ts:142
import { normalizeAxis } from '@tensorgrad/tensor';
if (normalizeAxis('sum', -1, 3) !== 2) throw new Error('normalizeAxis');
export {};

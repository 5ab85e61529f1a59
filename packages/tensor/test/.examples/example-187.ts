// from src/shape.ts:161
import { normalizeAxes } from '@tensorgrad/tensor';
if (normalizeAxes('sum', [-1, 0], 3).join() !== '0,2') throw new Error('normalizeAxes');
if (normalizeAxes('sum', undefined, 2).join() !== '0,1') throw new Error('all axes');
export {};

// from src/backend/backend.ts:195
import { type Conv2dGeometry, convGeometry } from '@tensorgrad/tensor';
const g: Conv2dGeometry = convGeometry([1, 3, 32, 32], [5, 5], { stride: 1, padding: 2 });
if (g.c !== 3 || g.outH !== 32 || g.outW !== 32) throw new Error('Conv2dGeometry');
export {};

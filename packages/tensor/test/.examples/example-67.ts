// from src/memory.ts:196
import { memory, ones, tidy } from '@tensorgrad/tensor';
const before = memory().buffers;
tidy(() => ones([4]).exp().sum());
if (memory().buffers !== before) throw new Error('leaked a buffer');
export {};

// from src/memory.ts:34
import { type Trackable, ones } from '@tensorgrad/tensor';
const t: Trackable = ones([2]);
t.dispose();
if (!t.isDisposed) throw new Error('Trackable');
export {};

// from src/memory.ts:159
import { dispose, ones, zeros } from '@tensorgrad/tensor';
const a = ones([2]);
const b = zeros([2]);
dispose({ pair: [a, b] });
if (!a.isDisposed || !b.isDisposed) throw new Error('dispose');
export {};

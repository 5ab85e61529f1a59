// from src/memory.ts:176
import { type MemoryStats, memory } from '@tensorgrad/tensor';
const stats: MemoryStats = memory();
if (stats.tensors < 0 || stats.bytes < 0 || typeof stats.backend !== 'string') throw new Error('MemoryStats');
export {};

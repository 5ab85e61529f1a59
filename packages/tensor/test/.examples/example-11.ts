// from src/backend/backend.ts:223
import { type MemoryInfo, getBackend } from '@tensorgrad/tensor';
const info: MemoryInfo = getBackend().memory();
if (info.buffers < 0 || info.bytes < 0) throw new Error('MemoryInfo');
export {};

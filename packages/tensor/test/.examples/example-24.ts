// from src/backend/registry.ts:160
import { backendInfo } from '@tensorgrad/tensor';
const { name, reason } = backendInfo(); // 'cpu' in Node, unless TENSORGRAD_BACKEND=gpu
if (name !== 'cpu' && name !== 'gpu') throw new Error(`backendInfo: ${name} (${reason})`);
export {};

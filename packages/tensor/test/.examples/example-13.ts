// from src/backend/backend.ts:329
import { PRIMITIVES, getBackend } from '@tensorgrad/tensor';
const b = getBackend();
const missing = PRIMITIVES.filter((p) => typeof b[p] !== 'function');
if (missing.length > 0) throw new Error(`missing primitives: ${missing.join()}`);
export {};

// from src/backend/registry.ts:146
import { getBackend, setBackend } from '@tensorgrad/tensor';
setBackend('cpu');
const b = getBackend();
if (b.name !== 'cpu' || !b.supports('float64')) throw new Error('getBackend');
export {};

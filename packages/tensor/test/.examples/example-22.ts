// from src/backend/registry.ts:124
import { setBackend, tensor } from '@tensorgrad/tensor';
setBackend('cpu');
if (tensor([1]).backend !== 'cpu') throw new Error('setBackend');
export {};

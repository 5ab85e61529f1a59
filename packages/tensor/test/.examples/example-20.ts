// from src/backend/registry.ts:15
import { type BackendName, getBackend, setBackend } from '@tensorgrad/tensor';
const name: BackendName = 'cpu';
setBackend(name);
if (getBackend().name !== name) throw new Error('BackendName');
export {};

// from src/backend/registry.ts:27
import { type BackendInfo, backendInfo, setBackend } from '@tensorgrad/tensor';
setBackend('cpu');
const info: BackendInfo = backendInfo();
if (info.name !== 'cpu' || info.reason !== "setBackend('cpu')") throw new Error('BackendInfo');
export {};

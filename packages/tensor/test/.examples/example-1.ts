// from src/backend/backend.ts:28
import { type BackendData, getBackend } from '@tensorgrad/tensor';
const data: BackendData = getBackend().upload([1, 2, 3], 'int32');
if (data.size !== 3 || data.dtype !== 'int32') throw new Error('BackendData');
getBackend().dispose(data);
export {};

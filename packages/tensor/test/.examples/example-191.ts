// from src/storage.ts:43
import { tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2]);
x.dispose();
if (!x.storage.isFreed) throw new Error('isFreed');
export {};

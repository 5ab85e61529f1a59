// from src/storage.ts:75
import { tensor } from '@tensorgrad/tensor';
const x = tensor([1, 2]);
x.storage.retain();
x.storage.release();
if (x.storage.isFreed) throw new Error('x still holds it');
x.dispose(); // the last release
if (!x.storage.isFreed) throw new Error('release');
export {};

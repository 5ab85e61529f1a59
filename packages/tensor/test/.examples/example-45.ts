// from src/creation.ts:432
import { randint } from '@tensorgrad/tensor';
const x = randint(0, 10, [5]);
if (x.dtype !== 'int32' || x.min().item() < 0 || x.max().item() >= 10) throw new Error('randint');
export {};

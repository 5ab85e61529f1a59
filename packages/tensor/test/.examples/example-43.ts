// from src/creation.ts:405
import { Generator, rand } from '@tensorgrad/tensor';
const x = rand([2, 2], { generator: new Generator(1) });
if (x.shape.join() !== '2,2' || x.min().item() < 0 || x.max().item() >= 1) throw new Error('rand');
export {};

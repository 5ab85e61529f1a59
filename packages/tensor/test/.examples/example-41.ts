// from src/creation.ts:344
import { linspace } from '@tensorgrad/tensor';
if (linspace(0, 1, 3).toArray().join() !== '0,0.5,1') throw new Error('linspace');
export {};

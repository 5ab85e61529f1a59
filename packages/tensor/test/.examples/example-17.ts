// from src/backend/cpu/index.ts:34
import { CpuBackend } from '../../src/backend/cpu/index.js';
const cpu = new CpuBackend();
const x = cpu.upload([1, 2, 3], 'float32');
const y = cpu.unary('square', { data: x, shape: [3], strides: [1], offset: 0 }, 'float32');
const values = cpu.download({ data: y, shape: [3], strides: [1], offset: 0 }); // [1, 4, 9]
if (values.join() !== '1,4,9') throw new Error(`expected 1,4,9, got ${values.join()}`);
cpu.dispose(x);
cpu.dispose(y);
export {};

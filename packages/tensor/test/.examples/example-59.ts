// from src/index.ts:14
import { version } from '@tensorgrad/tensor';
if (!/^\d+\.\d+\.\d+/.test(version)) throw new Error('version');
export {};

// from src/creation.ts:369
import { eye } from '@tensorgrad/tensor';
if (JSON.stringify(eye(2).toArray()) !== '[[1,0],[0,1]]') throw new Error('eye');
if (eye(2, 3).shape.join() !== '2,3') throw new Error('rectangular eye');
export {};

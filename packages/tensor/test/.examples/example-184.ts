// from src/shape.ts:82
import { broadcastShapes } from '@tensorgrad/tensor';
if (broadcastShapes('add', [2, 1], [3]).join() !== '2,3') throw new Error('broadcastShapes');
let message = '';
try {
  broadcastShapes('add', [2], [3]);
} catch (err) {
  message = (err as Error).message;
}
if (!message.startsWith('add: shapes [2] and [3] cannot be broadcast')) throw new Error(message);
export {};

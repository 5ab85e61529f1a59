// from src/shape.ts:11
import { shapeFromArgs } from '../../src/shape.js';
if (shapeFromArgs([[2, 3]]).join() !== '2,3' || shapeFromArgs([2, 3]).join() !== '2,3') throw new Error('shapeFromArgs');
export {};

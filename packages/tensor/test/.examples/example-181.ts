// from src/shape.ts:24
import { shapeString } from '@tensorgrad/tensor';
if (shapeString([2, 3]) !== '[2,3]') throw new Error('shapeString');
export {};

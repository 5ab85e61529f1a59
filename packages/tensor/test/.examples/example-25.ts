// from src/backend/registry.ts:176
import { backendByName } from '../../src/backend/registry.js';
if (backendByName('cpu').name !== 'cpu') throw new Error('backendByName');
export {};

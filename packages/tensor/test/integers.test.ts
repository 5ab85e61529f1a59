/** Integer semantics (see `integer-cases.ts`) on the cpu backend. */
import { beforeAll } from 'vitest';
import { setBackend } from '../src/index.js';
import { integerSemantics } from './integer-cases.js';

beforeAll(() => setBackend('cpu'));
integerSemantics('cpu');

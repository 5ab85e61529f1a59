import { testDocExamples } from '../../../vitest.doctest.js';

testDocExamples(new URL('..', import.meta.url));

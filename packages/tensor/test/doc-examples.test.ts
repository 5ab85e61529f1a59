/**
 * The one-line `@example expression // result` comments in the sources are run here, so that the
 * documentation cannot drift from the code. Examples without a `// result`, or that use names
 * defined elsewhere (`x`, `t`, ...), are documentation only and skipped.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import * as T from '@tensorgrad/tensor';

const SRC = fileURLToPath(new URL('../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'cpu' || e.name === 'gpu' ? [] : sourceFiles(path);
    return e.name.endsWith('.ts') ? [path] : [];
  });
}

interface Example {
  file: string;
  code: string;
  expected: string;
}

function examples(): Example[] {
  const out: Example[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const line of readFileSync(file, 'utf8').split('\n')) {
      const m = /@example\s+(.+?)\s+\/\/\s+(.+?)\s*(\*\/)?$/.exec(line.trim());
      if (m) out.push({ file: file.slice(SRC.length + 1), code: m[1]!, expected: m[2]! });
    }
  }
  return out;
}

// Every export of the package is in scope, as if imported by name.
const names = Object.keys(T).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k));
const evaluate = (code: string): unknown =>
  new Function('T', `const { ${names.join(', ')} } = T; return (${code});`)(T);

/** The expected text as a JS value, ignoring a trailing "(note)"; undefined if it is not JS. */
function expectedValue(text: string): { value: unknown } | undefined {
  const clean = text.replace(/\s+\([^)]*\)$/, '');
  try {
    return { value: new Function(`return (${clean});`)() };
  } catch {
    return undefined;
  }
}

/** Equal, where numbers in the result are compared at the 4 decimals that examples show. */
function expectRounded(actual: unknown, expected: unknown): void {
  if (typeof actual === 'number' && typeof expected === 'number') {
    expect(actual).toBeCloseTo(expected, 4);
  } else if (Array.isArray(actual) && Array.isArray(expected)) {
    expect(actual.length).toBe(expected.length);
    actual.forEach((a, i) => expectRounded(a, expected[i]));
  } else {
    expect(actual).toEqual(expected);
  }
}

const all = examples();

describe('doc examples', () => {
  // The examples show cpu results (printing names any other backend).
  beforeAll(() => T.setBackend('cpu'));
  test('there are examples to run', () => {
    expect(all.length).toBeGreaterThan(30);
  });
  for (const ex of all) {
    test(`${ex.file}: ${ex.code}`, (ctx) => {
      let actual: unknown;
      try {
        actual = T.tidy(() => {
          const r = evaluate(ex.code);
          return r instanceof T.Tensor ? r.toString() : r;
        });
      } catch (err) {
        if (err instanceof ReferenceError)
          return ctx.skip(`uses names from elsewhere: ${err.message}`);
        throw err;
      }
      if (ex.expected.startsWith('tensor(') || ex.expected.startsWith("'tensor(")) {
        expect(String(actual)).toBe(ex.expected.replace(/^'|'$/g, ''));
        return;
      }
      const parsed = expectedValue(ex.expected);
      if (parsed === undefined) return ctx.skip(`result "${ex.expected}" is prose`);
      if (typeof parsed.value === 'number' && typeof actual === 'number') {
        expect(actual).toBeCloseTo(parsed.value, 4);
      } else if (ArrayBuffer.isView(actual)) {
        expect(Array.from(actual as Int32Array)).toEqual(parsed.value);
      } else {
        expectRounded(actual, parsed.value);
      }
    });
  }
});

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

/** One `@example` code block found in a TSDoc comment. */
export interface DocExample {
  readonly file: string;
  readonly line: number;
  readonly code: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? sourceFiles(join(dir, e.name))
      : e.name.endsWith('.ts')
        ? [join(dir, e.name)]
        : [],
  );
}

/** Every fenced code block that follows an `@example` tag in the package's `src/`. */
export function collectExamples(srcDir: string): DocExample[] {
  const found: DocExample[] = [];
  for (const file of sourceFiles(srcDir)) {
    const lines = readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^\s*\*\s*@example\b/.test(lines[i]!)) continue;
      // The example runs until the next tag or the end of the comment; a fenced block inside
      // it (```ts ... ```) is taken as is, otherwise every line is code (typedoc's convention).
      const body: string[] = [];
      let fenced = false;
      for (let j = i + 1; j < lines.length; j++) {
        const line = lines[j]!;
        if (/\*\//.test(line) || /^\s*\*\s*@\w+/.test(line)) break;
        const text = line.replace(/^\s*\* ?/, '');
        if (/^```/.test(text)) {
          if (fenced) break;
          fenced = true;
          body.length = 0;
          continue;
        }
        body.push(text);
      }
      found.push({ file, line: i + 1, code: body.join('\n') });
    }
  }
  return found;
}

/**
 * Registers one vitest test per `@example` of a package: each block is written to a module
 * under the package's `test/.examples/` and imported, so examples run through the same
 * TypeScript transform and workspace aliases as the tests. An example passes when it runs
 * without throwing; examples state their expectations with `console.assert`-free plain
 * checks (`if (...) throw ...`) or simply by running.
 */
export function testDocExamples(packageDir: URL): void {
  const root = fileURLToPath(packageDir);
  const examples = collectExamples(join(root, 'src'));
  const outDir = join(root, 'test', '.examples');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  test('the package has documented examples', () => {
    expect(examples.length).toBeGreaterThan(0);
  });
  examples.forEach((ex, k) => {
    const where = `${relative(root, ex.file)}:${ex.line}`;
    test(`@example ${where}`, async () => {
      const path = join(outDir, `example-${k}.ts`);
      writeFileSync(path, `// from ${where}\n${ex.code}\nexport {};\n`);
      await import(/* @vite-ignore */ path);
    });
  });
}

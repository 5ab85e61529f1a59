/**
 * Every ```ts block of the README and of the guides in docs/guides runs as a test, so the guides cannot drift
 * from the code. Each block is a standalone module (its own imports); it passes when it runs
 * without throwing, and blocks state their expectations with explicit checks.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const guides = fileURLToPath(new URL('../../../docs/guides/', import.meta.url));
const outDir = fileURLToPath(new URL('./.examples/', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory()
      ? markdownFiles(join(dir, e.name))
      : e.name.endsWith('.md')
        ? [join(dir, e.name)]
        : [],
  );
}

const readme = fileURLToPath(new URL('../../../README.md', import.meta.url));

const blocks = [readme, ...markdownFiles(guides)].flatMap((file) => {
  const found: { where: string; code: string }[] = [];
  const lines = readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '```ts') continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end]!.trim() !== '```') end++;
    found.push({
      where: `${relative(guides, file)}:${start}`,
      code: lines.slice(start, end).join('\n'),
    });
    i = end;
  }
  return found;
});

rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });

test('the guides hold code to run', () => {
  expect(blocks.length).toBeGreaterThan(15);
});

blocks.forEach((b, k) => {
  test(`guide code ${b.where}`, async () => {
    const path = join(outDir, `guide-${k}.ts`);
    writeFileSync(path, `// from docs/guides/${b.where}\n${b.code}\nexport {};\n`);
    await import(/* @vite-ignore */ path);
  });
});

/**
 * Each package is importable on its own, the way a user's project imports it: plain Node
 * resolving the bare name through node_modules and the package's `exports` map to its built
 * `dist/` (these tests otherwise see the TypeScript sources through vitest aliases). Needs
 * `npm run build` first, which `npm test` does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

const entries: [specifier: string, probe: string][] = [
  ['@tensorgrad/tensor', "m.tensor([1, 2]).add(1).toArray().join() === '2,3'"],
  [
    '@tensorgrad/autograd',
    '(() => { const x = m.tensor([3], { requiresGrad: true }); x.mul(x).sum().backward(); return x.grad.item() === 6; })()',
  ],
  [
    '@tensorgrad/nn',
    "new m.Linear(2, 3).forward((await import('@tensorgrad/autograd')).randn([4, 2])).shape.join() === '4,3'",
  ],
  [
    '@tensorgrad/models',
    "typeof m.LearnableMemoryViT === 'function' && typeof m.Memformer === 'function'",
  ],
  ['@tensorgrad/models/parity', "typeof m.runParity === 'function'"],
];

describe('built package entry points', () => {
  test.each(entries)('%s resolves through its exports map and works', (specifier, probe) => {
    const script = `const m = await import('${specifier}'); if (!(${probe})) { console.error('probe failed'); process.exit(1); } console.log('ok');`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out.trim()).toBe('ok');
  });

  test.each(['tensor', 'autograd', 'nn', 'models'])(
    '@tensorgrad/%s ships type declarations and declaration maps',
    (name) => {
      const pkg = JSON.parse(readFileSync(`${root}packages/${name}/package.json`, 'utf8'));
      const types = `${root}packages/${name}/${pkg.exports['.'].types}`;
      expect(existsSync(types), `${types} (run npm run build)`).toBe(true);
      expect(existsSync(types.replace(/\.d\.ts$/, '.d.ts.map'))).toBe(true);
      expect(pkg.type).toBe('module');
    },
  );
});

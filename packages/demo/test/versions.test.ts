/**
 * The `version` each package exports is the version in its package.json. `changeset version`
 * bumps package.json only, so this catches a release that forgot the constant in src/index.ts.
 * The packages resolve to their TypeScript sources here (vitest aliases), so no build is needed.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';
import * as autograd from '@tensorgrad/autograd';
import * as models from '@tensorgrad/models';
import * as nn from '@tensorgrad/nn';
import * as tensor from '@tensorgrad/tensor';

const exported: Record<string, string> = {
  tensor: tensor.version,
  autograd: autograd.version,
  nn: nn.version,
  models: models.version,
};

test.each(Object.keys(exported))('@tensorgrad/%s exports its package.json version', (name) => {
  const url = new URL(`../../${name}/package.json`, import.meta.url);
  const pkg = JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as { version: string };
  expect(exported[name]).toBe(pkg.version);
});

#!/usr/bin/env node
/**
 * `npm run parity -- <fixture-dir> [--backend cpu|gpu] [--json <file>]`
 *
 * Runs every case of `<fixture-dir>/manifest.json`, prints one line per case and then
 * `N passed, M failed`, optionally writes the full table as JSON, and exits with status 1 when
 * any case fails (2 on a usage error).
 */
import { writeFileSync } from 'node:fs';
import { formatCase } from './format.js';
import { readManifest } from './manifest.js';
import { runCase } from './runner.js';
import type { CaseResult, ParityBackend } from './runner.js';

const USAGE = 'usage: parity <fixture-dir> [--backend cpu|gpu] [--json <file>]';

interface Arguments {
  dir: string;
  backend: ParityBackend;
  json?: string;
}

function parseArguments(argv: readonly string[]): Arguments {
  let dir: string | undefined;
  let backend: ParityBackend = 'cpu';
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--backend') {
      const value = argv[++i];
      if (value !== 'cpu' && value !== 'gpu') throw new Error(`--backend expects cpu or gpu, got ${value ?? 'nothing'}`);
      backend = value;
    } else if (arg === '--json') {
      json = argv[++i];
      if (json === undefined) throw new Error('--json expects a file name');
    } else if (arg !== undefined && !arg.startsWith('--') && dir === undefined) {
      dir = arg;
    } else {
      throw new Error(`unexpected argument ${arg}`);
    }
  }
  if (dir === undefined) throw new Error('missing <fixture-dir>');
  return { dir, backend, json };
}

function main(argv: readonly string[]): number {
  let args: Arguments;
  try {
    args = parseArguments(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const manifest = readManifest(args.dir);
  const results: CaseResult[] = [];
  // Print each case as soon as it is done: a slow case should not hide the ones before it.
  for (const parityCase of manifest.cases) {
    const result = runCase(args.dir, parityCase, { backend: args.backend });
    results.push(result);
    console.log(formatCase(result));
  }
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  if (args.json !== undefined) {
    const report = { dir: args.dir, backend: args.backend, passed, failed, results };
    // NaN and Infinity are not JSON; write them as strings so the table stays loadable.
    const replacer = (_key: string, v: unknown): unknown =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
    writeFileSync(args.json, `${JSON.stringify(report, replacer, 2)}\n`);
  }
  return failed === 0 ? 0 : 1;
}

process.exitCode = main(process.argv.slice(2));

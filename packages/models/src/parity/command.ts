/**
 * The `parity` command: `parity <fixture-dir> [--backend cpu|gpu] [--require-gl] [--json <file>]`,
 * apart from `cli.ts` (which only wires it to `process`) so tests can run it with their own
 * output.
 */
import { writeFileSync } from 'node:fs';
import { gpuAvailability } from '@tensorgrad/autograd';
import { formatCase } from './format.js';
import { readManifest } from './manifest.js';
import { runCase } from './runner.js';
import type { CaseResult, ParityBackend, ParityReport } from './runner.js';

/** How the command is called. */
export const PARITY_USAGE =
  'usage: parity <fixture-dir> [--backend cpu|gpu] [--require-gl] [--json <file>]';

/** gpu.js modes that run on a GL context (the others, `webasm`, run on the cpu). */
const GL_MODES = ['headlessgl', 'webgl2', 'webgl'];

/** Parsed command-line arguments. */
export interface ParityArguments {
  readonly dir: string;
  readonly backend: ParityBackend;
  /** Fail unless the gpu backend runs on GL, not on gpu.js's WebAssembly fallback (CI). */
  readonly requireGl?: boolean;
  readonly json?: string;
}

/** Parses the command line (without `node` and the script); throws with the reason on a bad one. */
export function parseParityArguments(argv: readonly string[]): ParityArguments {
  let dir: string | undefined;
  let backend: ParityBackend = 'cpu';
  let json: string | undefined;
  let requireGl = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--backend') {
      const value = argv[++i];
      if (value !== 'cpu' && value !== 'gpu')
        throw new Error(`--backend expects cpu or gpu, got ${value ?? 'nothing'}`);
      backend = value;
    } else if (arg === '--require-gl') {
      requireGl = true;
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
  if (requireGl && backend !== 'gpu') throw new Error('--require-gl needs --backend gpu');
  return {
    dir,
    backend,
    ...(requireGl ? { requireGl } : {}),
    ...(json === undefined ? {} : { json }),
  };
}

/**
 * Runs the command: on the gpu, first the gpu.js mode it runs in; then one line per case as soon
 * as it is done, then `N passed, M failed`, and the JSON table when asked. Returns the exit
 * status: 0 all passed, 1 a failure (or no gpu backend, or not GL under `--require-gl`), 2 a
 * usage error.
 */
export function parityCommand(
  argv: readonly string[],
  print: (line: string) => void = (line) => console.log(line),
  printError: (line: string) => void = (line) => console.error(line),
): number {
  let args: ParityArguments;
  try {
    args = parseParityArguments(argv);
  } catch (error) {
    printError(`${error instanceof Error ? error.message : String(error)}\n${PARITY_USAGE}`);
    return 2;
  }
  if (args.backend === 'gpu') {
    const gpu = gpuAvailability();
    if (!gpu.available) {
      printError(`parity: no gpu backend here: ${gpu.reason}`);
      return 1;
    }
    print(`backend gpu: gpu.js mode ${gpu.mode} (${gpu.reason})`);
    if (args.requireGl === true && !GL_MODES.includes(gpu.mode)) {
      printError(`parity: --require-gl, but the gpu backend runs gpu.js's ${gpu.mode} mode`);
      return 1;
    }
  }
  const manifest = readManifest(args.dir);
  const results: CaseResult[] = [];
  for (const parityCase of manifest.cases) {
    const result = runCase(args.dir, parityCase, { backend: args.backend });
    results.push(result);
    print(formatCase(result));
  }
  const passed = results.filter((r) => r.passed).length;
  const failed = results.length - passed;
  print(`${passed} passed, ${failed} failed`);
  if (args.json !== undefined) {
    const report: ParityReport = { dir: args.dir, backend: args.backend, results, passed, failed };
    // NaN and Infinity are not JSON; write them as strings so that the table stays loadable.
    const replacer = (_key: string, v: unknown): unknown =>
      typeof v === 'number' && !Number.isFinite(v) ? String(v) : v;
    writeFileSync(args.json, `${JSON.stringify(report, replacer, 2)}\n`);
  }
  return failed === 0 ? 0 : 1;
}

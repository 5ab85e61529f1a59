/**
 * The `parity` command: `parity <fixture-dir> [--backend cpu|gpu] [--json <file>]`, apart from
 * `cli.ts` (which only wires it to `process`) so tests can run it with their own output.
 */
import { writeFileSync } from 'node:fs';
import { formatCase } from './format.js';
import { readManifest } from './manifest.js';
import { runCase } from './runner.js';
import type { CaseResult, ParityBackend, ParityReport } from './runner.js';

/** How the command is called. */
export const PARITY_USAGE = 'usage: parity <fixture-dir> [--backend cpu|gpu] [--json <file>]';

/** Parsed command-line arguments. */
export interface ParityArguments {
  readonly dir: string;
  readonly backend: ParityBackend;
  readonly json?: string;
}

/** Parses the command line (without `node` and the script); throws with the reason on a bad one. */
export function parseParityArguments(argv: readonly string[]): ParityArguments {
  let dir: string | undefined;
  let backend: ParityBackend = 'cpu';
  let json: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--backend') {
      const value = argv[++i];
      if (value !== 'cpu' && value !== 'gpu')
        throw new Error(`--backend expects cpu or gpu, got ${value ?? 'nothing'}`);
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
  return json === undefined ? { dir, backend } : { dir, backend, json };
}

/**
 * Runs the command: one line per case as soon as it is done, then `N passed, M failed`, and the
 * JSON table when asked. Returns the exit status: 0 all passed, 1 a failure, 2 a usage error.
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

/**
 * `npm run bench -- [--quick] [--only matmul,ops,tiny-vit,memory,models,browser] [--json file] [--markdown file] [--before file.json]`
 *
 * Runs every row with tensorgrad and the peers interleaved in this process, prints a markdown
 * table (times, spreads, ratios tensorgrad / peer) and optionally writes JSON and a markdown
 * report (benchmarks/RESULTS.md is made by `--markdown`). `--quick` shrinks sizes and sample
 * counts to run in under a minute (CI smoke); its figures are not meant for comparison.
 * `--before` takes the `--json` output of an earlier run (e.g. of the previous commit) and adds
 * its figures as before/after columns.
 * Nothing here gates on absolute times.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { browserRows, FULL_BROWSER_SIZES } from './browser.js';
import type { RowResult, SampleOptions } from './harness.js';
import { matmulRows } from './matmul.js';
import { measureMemory, memoryProbe, type MemoryProbe } from './memory.js';
import { modelCases, modelRows } from './models.js';
import { FULL_OP_SIZES, opRows } from './ops.js';
import { initPeers, wasmFeatures } from './peers.js';
import { machineInfo, machineLine, markdownTable, rowKey } from './report.js';
import { TINY_VIT, tinyVitRows } from './tiny-vit.js';

const FAMILIES = ['matmul', 'ops', 'tiny-vit', 'memory', 'models', 'browser'] as const;

export interface CliOptions {
  quick: boolean;
  only: Set<string>;
  json?: string;
  markdown?: string;
  before?: string;
}

export function parseArguments(args: readonly string[]): CliOptions {
  const options: CliOptions = { quick: false, only: new Set(FAMILIES) };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--quick') options.quick = true;
    else if (arg === '--json') options.json = args[++i];
    else if (arg === '--markdown') options.markdown = args[++i];
    else if (arg === '--before') options.before = args[++i];
    else if (arg === '--only') {
      const names = (args[++i] ?? '').split(',');
      for (const n of names) {
        if (!(FAMILIES as readonly string[]).includes(n))
          throw new Error(`bench: unknown row family ${n}; expected ${FAMILIES.join(', ')}`);
      }
      options.only = new Set(names);
    } else
      throw new Error(
        `bench: unknown argument ${arg}; expected --quick, --only, --json, --markdown or --before`,
      );
  }
  return options;
}

async function main(args: string[]): Promise<void> {
  if (args[0] === '--memory-probe') {
    await memoryProbe(args[1], Number(args[3] ?? 5));
    return;
  }
  const options = parseArguments(args);
  const quick = options.quick;
  const before = options.before === undefined ? undefined : earlierRun(options.before);
  await initPeers();
  const machine = machineInfo(wasmFeatures());
  console.log(`# tensorgrad benchmarks${quick ? ' (quick)' : ''}\n\n${machineLine(machine)}\n`);
  const rows: RowResult[] = [];
  let browserLine: string | undefined;
  const section = async (family: string, run: () => Promise<RowResult[]>) => {
    if (!options.only.has(family)) return;
    const start = performance.now();
    const got = await run();
    rows.push(...got);
    console.log(
      `## ${family} (${((performance.now() - start) / 1000).toFixed(0)} s)\n\n${markdownTable(got, before?.rows)}\n`,
    );
  };
  const samples = (warmup: number, n: number, budgetMs?: number): SampleOptions =>
    quick ? { warmup: 1, samples: 3, budgetMs: 500 } : { warmup, samples: n, budgetMs };

  await section('matmul', () =>
    matmulRows(quick ? [128, 256] : [128, 256, 512, 1024], samples(2, 10, 20_000)),
  );
  await section('ops', () =>
    opRows(
      quick ? { addSize: 64 * 1024, softmax: [16, 1024], conv: [2, 16, 16, 16] } : FULL_OP_SIZES,
      samples(3, 15),
    ),
  );
  await section('tiny-vit', () =>
    tinyVitRows(samples(3, 15), quick ? null : { warmup: 1, samples: 3 }, TINY_VIT),
  );
  let memory: MemoryProbe[] = [];
  if (options.only.has('memory') && !quick) {
    memory = measureMemory(['tensorgrad', 'tfjs-cpu', 'tfjs-wasm', 'js-pytorch'], 5);
    console.log('## peak memory, tiny-ViT training step (one process per framework)\n');
    console.log(memoryTable(memory) + '\n');
  }
  await section('models', () =>
    modelRows(
      modelCases().filter((c) => !quick || c.size === 'parity'),
      samples(2, 7, 10_000),
    ),
  );

  // In headless Chromium: tensorgrad's gpu backend against tfjs-webgl (see browser.ts).
  await section('browser', async () => {
    const got = await browserRows(
      quick
        ? { matmul: [128], addRows: 64, softmax: [16, 1024], tinyVit: false }
        : FULL_BROWSER_SIZES,
      samples(2, 7, 20_000),
    );
    console.log(`browser rows: ${got.line}\n`);
    browserLine = got.line;
    return got.rows;
  });

  if (options.json) {
    writeFileSync(
      options.json,
      JSON.stringify({ machine, quick, rows, memory, browser: browserLine }, null, 1) + '\n',
    );
  }
  if (options.markdown)
    writeFileSync(
      options.markdown,
      report(options.markdown, machine, rows, memory, browserLine, before),
    );
}

/** An earlier run's `--json` output: its rows by name, and its machine line. */
interface EarlierRun {
  rows: Map<string, RowResult>;
  machine: string;
}

function earlierRun(file: string): EarlierRun {
  let parsed: { rows?: RowResult[]; machine?: ReturnType<typeof machineInfo> };
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as typeof parsed;
  } catch (error) {
    throw new Error(
      `bench: --before ${file}: cannot read it as the --json output of an earlier run (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  if (!Array.isArray(parsed.rows) || parsed.machine === undefined) {
    throw new Error(`bench: --before ${file}: expected the --json output of an earlier run`);
  }
  return {
    rows: new Map(parsed.rows.map((r) => [rowKey(r), r])),
    machine: machineLine(parsed.machine),
  };
}

function memoryTable(memory: readonly MemoryProbe[]): string {
  const lines = [
    '| framework | RSS before the steps | peak RSS | peak − before | live tensors after a step |',
    '|---|---|---|---|---|',
  ];
  for (const m of memory) {
    lines.push(
      `| ${m.name} | ${m.baselineMB} MB | ${m.peakMB} MB | ${(m.peakMB - m.baselineMB).toFixed(1)} MB | ${m.liveTensorMB === undefined ? '—' : `${m.liveTensorMB} MB`} |`,
    );
  }
  return lines.join('\n');
}

const NOTES_START = '<!-- notes: kept across regenerations -->';

/** The report; a hand-written section after NOTES_START in an existing file is kept. */
function report(
  file: string,
  machine: ReturnType<typeof machineInfo>,
  rows: readonly RowResult[],
  memory: readonly MemoryProbe[],
  browser?: string,
  before?: EarlierRun,
): string {
  let notes = `${NOTES_START}\n`;
  try {
    const old = readFileSync(file, 'utf8');
    const at = old.indexOf(NOTES_START);
    if (at >= 0) notes = old.slice(at);
  } catch {
    // first run
  }
  const families = [...new Set(rows.map((r) => r.family))];
  const parts = [
    '# Benchmark results',
    '',
    `Generated by \`npm run bench -- --markdown benchmarks/RESULTS.md\` (see benchmarks/README.md). Machine: ${machineLine(machine)}.`,
    '',
    'Each cell: median wall time (fastest–slowest, number of samples). Ratios are tensorgrad / peer: below 1, tensorgrad is faster. ' +
      'Contenders of a row run interleaved in one process; the machine is shared, so treat differences under ~15 % as noise.',
    '',
  ];
  if (before !== undefined)
    parts.push(
      `"Before" columns: an earlier run on ${before.machine} (its ratios against its own peers).`,
      '',
    );
  for (const family of families) {
    parts.push(`## ${family}`, '');
    if (family === 'browser' && browser !== undefined) parts.push(browser, '');
    parts.push(
      markdownTable(
        rows.filter((r) => r.family === family),
        before?.rows,
      ),
      '',
    );
    if (family === 'tiny-vit' && memory.length > 0)
      parts.push('### Peak memory, tiny-ViT training step', '', memoryTable(memory), '');
  }
  parts.push(notes);
  return parts.join('\n');
}

// Run only as the entry point (the tests import parseArguments).
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

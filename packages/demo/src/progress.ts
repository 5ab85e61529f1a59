import cliProgress from 'cli-progress';

/** Live values shown on the progress bar. */
export interface ProgressValues {
  loss: number;
  acc: number;
  rate: number;
}

/**
 * A one-line progress bar (loss, running accuracy, throughput) on stderr. The training loop is
 * synchronous, so the bar is redrawn from `update` itself; when stderr is not a terminal (CI
 * logs) it prints a plain line every tenth of the run instead.
 */
export function progressBar(total: number, unit: string) {
  const format = (v: ProgressValues) =>
    `loss ${v.loss.toFixed(4)} | acc ${(100 * v.acc).toFixed(1)}% | ${v.rate.toFixed(0)} ${unit}/s`;
  if (!process.stderr.isTTY) {
    const every = Math.max(1, Math.round(total / 10));
    return {
      update(step: number, v: ProgressValues) {
        if (step % every === 0 || step === total)
          process.stderr.write(`  step ${step}/${total} | ${format(v)}\n`);
      },
      stop() {},
    };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `  {bar} {value}/{total} steps | {text} | eta {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      synchronousUpdate: true,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { text: '' });
  return {
    update(step: number, v: ProgressValues) {
      bar.update(step, { text: format(v) });
    },
    stop() {
      bar.stop();
    },
  };
}

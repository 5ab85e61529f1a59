import cliProgress from 'cli-progress';

/** Live values shown on the progress bar. */
export interface ProgressValues {
  loss: number;
  acc: number;
  rate: number;
}

/** A one-line progress bar (loss, running accuracy, throughput) on stderr; quiet when not a TTY. */
export function progressBar(total: number, unit: string) {
  const bar = new cliProgress.SingleBar(
    {
      format: `  {bar} {value}/{total} steps | loss {loss} | acc {acc}% | {rate} ${unit}/s | eta {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      noTTYOutput: true,
      notTTYSchedule: 10_000,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { loss: '-', acc: '-', rate: '-' });
  return {
    update(step: number, v: ProgressValues) {
      bar.update(step, {
        loss: v.loss.toFixed(4),
        acc: (100 * v.acc).toFixed(1),
        rate: v.rate.toFixed(0),
      });
    },
    stop() {
      bar.stop();
    },
  };
}

/** What every demo run takes (the command-line options, parsed). */
export interface RunOptions {
  readonly steps: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly seed: number;
  /** Directory for the checkpoint and the pictures. */
  readonly out: string;
  /** Held-out examples to evaluate on. */
  readonly evalImages: number;
  readonly log: (line: string) => void;
}

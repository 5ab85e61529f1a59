/** Row family 2: elementwise add, softmax and conv2d (each framework in its native layout). */
import { conv2d, tensor } from '@tensorgrad/autograd';
import type { Contender, RowResult, SampleOptions } from './harness.js';
import { measure, nest, seededValues } from './harness.js';
import { initPeers, tf, tfName, torch, TF_BACKENDS, useTf } from './peers.js';

/** Sizes of the op rows (the quick mode and the tests shrink them). */
export interface OpSizes {
  /** Elements of each add operand (shape [size / 1024, 1024]). */
  addSize: number;
  /** Softmax input [rows, cols], over the last axis. */
  softmax: [number, number];
  /** conv2d input [n, c, h, w]; 3×3 kernel, `c` output channels, padding 1. */
  conv: [number, number, number, number];
}

export const FULL_OP_SIZES: OpSizes = {
  addSize: 1 << 20,
  softmax: [64, 1024],
  conv: [8, 32, 32, 32],
};

type Results = Map<string, ArrayLike<number>>;

/** `a + b` for two [size / 1024, 1024] tensors. */
export async function addContenders(size: number, results: Results): Promise<Contender[]> {
  await initPeers();
  const cols = Math.min(1024, size);
  const shape = [size / cols, cols];
  const a = seededValues(size, 3);
  const b = seededValues(size, 4);
  const ta = tensor(a, { shape });
  const tb = tensor(b, { shape });
  const out: Contender[] = [
    {
      name: 'tensorgrad',
      run: () => {
        const c = ta.add(tb);
        results.set('tensorgrad', c.data());
        c.dispose();
      },
      dispose: () => (ta.dispose(), tb.dispose()),
    },
  ];
  for (const backend of TF_BACKENDS) {
    await useTf(backend);
    const xa = tf.tensor(a, shape);
    const xb = tf.tensor(b, shape);
    out.push({
      name: tfName(backend),
      before: () => useTf(backend),
      run: () => {
        const c = tf.add(xa, xb);
        results.set(tfName(backend), c.dataSync());
        c.dispose();
      },
      dispose: () => (xa.dispose(), xb.dispose()),
    });
  }
  const pa = new torch.Tensor(nest(a, shape) as number[][]);
  const pb = new torch.Tensor(nest(b, shape) as number[][]);
  out.push({
    name: 'js-pytorch',
    run: () => void results.set('js-pytorch', pa.add(pb).data.flat() as number[]),
  });
  return out;
}

/** Softmax over the last axis of a [rows, cols] tensor. */
export async function softmaxContenders(
  [rows, cols]: [number, number],
  results: Results,
): Promise<Contender[]> {
  await initPeers();
  const x = seededValues(rows * cols, 5, 4);
  const tx = tensor(x, { shape: [rows, cols] });
  const out: Contender[] = [
    {
      name: 'tensorgrad',
      run: () => {
        const c = tx.softmax(-1);
        results.set('tensorgrad', c.data());
        c.dispose();
      },
      dispose: () => tx.dispose(),
    },
  ];
  for (const backend of TF_BACKENDS) {
    await useTf(backend);
    const xx = tf.tensor2d(x, [rows, cols]);
    out.push({
      name: tfName(backend),
      before: () => useTf(backend),
      run: () => {
        const c = tf.softmax(xx, -1);
        results.set(tfName(backend), c.dataSync());
        c.dispose();
      },
      dispose: () => xx.dispose(),
    });
  }
  // js-pytorch's Softmax module: exp(x) / sum(exp(x)) (no max subtraction).
  const softmax = new torch.nn.Softmax();
  const px = new torch.Tensor(nest(x, [rows, cols]) as number[][]);
  out.push({
    name: 'js-pytorch',
    run: () => void results.set('js-pytorch', softmax.forward(px, -1).data.flat() as number[]),
  });
  return out;
}

/**
 * conv2d 3×3, padding 1, c → c channels. tensorgrad takes NCHW (PyTorch's layout), tfjs NHWC
 * (its native one; the NCHW input is transposed once, untimed, and the tfjs results are stored
 * NHWC). js-pytorch has no convolution.
 */
export async function convContenders(
  [n, c, h, w]: [number, number, number, number],
  results: Results,
): Promise<Contender[]> {
  await initPeers();
  const x = seededValues(n * c * h * w, 6);
  const weight = seededValues(c * c * 9, 7, 1 / Math.sqrt(9 * c));
  const bias = seededValues(c, 8, 0.1);
  const tx = tensor(x, { shape: [n, c, h, w] });
  const tw = tensor(weight, { shape: [c, c, 3, 3] });
  const tbias = tensor(bias, { shape: [c] });
  const out: Contender[] = [
    {
      name: 'tensorgrad',
      run: () => {
        const y = conv2d(tx, tw, tbias, { padding: 1 });
        results.set('tensorgrad', y.data());
        y.dispose();
      },
      dispose: () => (tx.dispose(), tw.dispose(), tbias.dispose()),
    },
  ];
  for (const backend of TF_BACKENDS) {
    await useTf(backend);
    const xx = tf.tidy(() => tf.transpose(tf.tensor4d(x, [n, c, h, w]), [0, 2, 3, 1]));
    // [out, in, kh, kw] → [kh, kw, in, out]
    const xw = tf.tidy(() => tf.transpose(tf.tensor4d(weight, [c, c, 3, 3]), [2, 3, 1, 0]));
    const xb = tf.tensor1d(bias);
    out.push({
      name: tfName(backend),
      before: () => useTf(backend),
      run: () => {
        const y = tf.tidy(() => tf.add(tf.conv2d(xx, xw, 1, 'same'), xb));
        results.set(tfName(backend), y.dataSync());
        y.dispose();
      },
      dispose: () => (xx.dispose(), xw.dispose(), xb.dispose()),
    });
  }
  return out;
}

/** The three op rows. */
export async function opRows(sizes: OpSizes, options: SampleOptions): Promise<RowResult[]> {
  const rows: RowResult[] = [];
  const run = async (name: string, contenders: Contender[], notes: string[] = []) => {
    const timings = await measure(contenders, options);
    for (const c of contenders) c.dispose?.();
    rows.push({ family: 'ops', name, timings, notes });
  };
  await run(`add [${sizes.addSize / 1024}, 1024]`, await addContenders(sizes.addSize, new Map()));
  await run(
    `softmax [${sizes.softmax.join(', ')}] (last axis)`,
    await softmaxContenders(sizes.softmax, new Map()),
    ['js-pytorch softmax is exp/sum without max subtraction'],
  );
  const [n, c, h, w] = sizes.conv;
  await run(
    `conv2d 3×3 pad 1, [${n}, ${c}, ${h}, ${w}] → ${c} ch`,
    await convContenders(sizes.conv, new Map()),
    ['js-pytorch has no conv2d'],
  );
  return rows;
}

/** `GRUCell`: one step of a gated recurrent unit. */
import { zeros } from '@tensorgrad/autograd';
import type { Tensor } from '@tensorgrad/autograd';
import { empty } from '@tensorgrad/autograd';
import { linear } from '../functional/linear.js';
import { uniform_ } from '../init/init.js';
import { Module } from '../module/module.js';
import { Parameter } from '../module/parameter.js';
import { shapeString } from '@tensorgrad/tensor';
import { checkOptions, type OptionSpec } from '../module/options.js';
import { PARAMETER_OPTIONS, type ParameterOptions } from './linear.js';

/** Options of {@link GRUCell}. */
export interface GRUCellOptions extends ParameterOptions {
  /** Whether to learn `biasIh` and `biasHh` (default true). */
  bias?: boolean;
}

const GRU_CELL_OPTIONS: OptionSpec<GRUCellOptions> = { ...PARAMETER_OPTIONS, bias: 'optional' };

/**
 * One GRU step, with PyTorch's gate order (r, z, n) in the stacked weights and its equations:
 *
 * ```
 * r  = σ(W_ir x + b_ir + W_hr h + b_hr)
 * z  = σ(W_iz x + b_iz + W_hz h + b_hz)
 * n  = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn))
 * h' = (1 − z) ⊙ n + z ⊙ h
 * ```
 *
 * Every parameter is initialised U(±1/√hiddenSize), as `torch.nn.GRUCell`.
 * @example
 * ```ts
 * import { randn } from '@tensorgrad/autograd';
 * import { GRUCell } from '@tensorgrad/nn';
 * const cell = new GRUCell(16, 32);
 * const h1 = cell.forward(randn([4, 16]), randn([4, 32])); // x: [B, 16], h0: [B, 32] → [B, 32]
 * if (h1.shape.join() !== '4,32') throw new Error(`shape ${h1.shape}`);
 * ```
 */
export class GRUCell extends Module {
  /** `[3 · hiddenSize, inputSize]`: W_ir, W_iz, W_in stacked. */
  readonly weightIh: Parameter;
  /** `[3 · hiddenSize, hiddenSize]`: W_hr, W_hz, W_hn stacked. */
  readonly weightHh: Parameter;
  /** `[3 · hiddenSize]` or null. */
  readonly biasIh: Parameter | null;
  /** `[3 · hiddenSize]` or null. */
  readonly biasHh: Parameter | null;

  /** Create the cell, every parameter U(±1/√hiddenSize). */
  constructor(
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: GRUCellOptions = {},
  ) {
    super();
    checkOptions('GRUCell', options, GRU_CELL_OPTIONS);
    const dtype = options.dtype ?? 'float32';
    const bias = options.bias ?? true;
    this.weightIh = new Parameter(empty([3 * hiddenSize, inputSize], { dtype }));
    this.weightHh = new Parameter(empty([3 * hiddenSize, hiddenSize], { dtype }));
    this.biasIh = bias ? new Parameter(empty([3 * hiddenSize], { dtype })) : null;
    this.biasHh = bias ? new Parameter(empty([3 * hiddenSize], { dtype })) : null;
    const bound = hiddenSize > 0 ? 1 / Math.sqrt(hiddenSize) : 0;
    for (const p of this.parameters()) uniform_(p, -bound, bound, { generator: options.generator });
  }

  /**
   * @param input - `[B, inputSize]` or `[inputSize]`
   * @param hidden - `[B, hiddenSize]` or `[hiddenSize]` (default zeros)
   * @returns the next hidden state, shaped like `hidden`
   */
  forward(input: Tensor, hidden?: Tensor | null): Tensor {
    if (input.ndim !== 1 && input.ndim !== 2) {
      throw new Error(
        `GRUCell: input has shape ${shapeString(input.shape)}; expected [B, ${this.inputSize}] or [${this.inputSize}]`,
      );
    }
    const batched = input.ndim === 2;
    const x = batched ? input : input.unsqueeze(0);
    const h = hidden
      ? batched
        ? hidden
        : hidden.unsqueeze(0)
      : zeros([x.shape[0]!, this.hiddenSize], { dtype: input.dtype });
    if (h.ndim !== 2 || h.shape[0] !== x.shape[0] || h.shape[1] !== this.hiddenSize) {
      throw new Error(
        `GRUCell: hidden has shape ${shapeString(hidden!.shape)}; expected ${shapeString(batched ? [x.shape[0]!, this.hiddenSize] : [this.hiddenSize])}`,
      );
    }
    const [ir, iz, inn] = linear(x, this.weightIh, this.biasIh).chunk(3, 1) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    const [hr, hz, hn] = linear(h, this.weightHh, this.biasHh).chunk(3, 1) as [
      Tensor,
      Tensor,
      Tensor,
    ];
    const reset = hr.add(ir).sigmoid();
    const update = hz.add(iz).sigmoid();
    const candidate = inn.add(hn.mul(reset)).tanh();
    // PyTorch computes h' = (h − n) ⊙ z + n: the same value as (1 − z) ⊙ n + z ⊙ h, rounded the same way.
    const next = h.sub(candidate).mul(update).add(candidate);
    return batched ? next : next.squeeze(0);
  }
}

/**
 * The checks of Optimizer.loadStateDict and of the schedulers' loadStateDict: each bad input is
 * refused with an error naming the key and the fix, and nothing is half-applied.
 */
import { describe, expect, it } from 'vitest';
import { randn, tensor, Tensor } from '@tensorgrad/autograd';
import {
  Adam,
  ChainedScheduler,
  CosineAnnealingLR,
  Linear,
  LinearLR,
  Parameter,
  SGD,
  SequentialLR,
  StepLR,
  type OptimizerStateDict,
} from '@tensorgrad/nn';

/** An Adam over a Linear(3, 2), two steps in (so it has state), with its parameters. */
function trainedAdam(): { opt: Adam; params: Parameter[] } {
  const model = new Linear(3, 2);
  const opt = new Adam(model.parameters(), { lr: 0.01, amsgrad: true });
  for (let s = 0; s < 2; s++) {
    opt.zeroGrad();
    model
      .forward(randn([4, 3]))
      .square()
      .sum()
      .backward();
    opt.step();
  }
  return { opt, params: model.parameters() };
}

function snapshot(opt: Adam): string {
  const { state, paramGroups } = opt.stateDict();
  const numbers = Object.values(state).map((s) =>
    Object.entries(s).map(([k, v]) => [k, v instanceof Tensor ? [...v.data()] : v]),
  );
  return JSON.stringify({ numbers, paramGroups });
}

function message(f: () => void): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('Optimizer.loadStateDict checks its input', () => {
  it('a state dict that went through JSON names the lost tensor and the fix', () => {
    const { opt } = trainedAdam();
    const before = snapshot(opt);
    const text = message(() =>
      opt.loadStateDict(JSON.parse(JSON.stringify(opt.stateDict())) as OptimizerStateDict),
    );
    expect(text).toMatch(/^Adam\.loadStateDict: the state dict does not fit, nothing was loaded/);
    expect(text).toContain(
      "state entry 'expAvg' of parameter 0 is a plain object, expected a Tensor (a state dict that went through JSON.stringify has lost its tensors: save it with saveCheckpoint or checkpointToBytes, or keep the object itself)",
    );
    // every lost tensor is listed, the step counts (numbers) survive JSON and are not
    expect(text).toContain("state entry 'maxExpAvgSq' of parameter 1 is a plain object");
    expect(text).not.toContain("'step'");
    expect(snapshot(opt)).toBe(before);
  });

  it('refuses null, arrays and objects of another layout', () => {
    const { opt } = trainedAdam();
    expect(message(() => opt.loadStateDict(null as never))).toContain(
      'expected the { state, paramGroups } object of stateDict(), got null',
    );
    expect(message(() => opt.loadStateDict([] as never))).toContain('got an array');
    const snake = { state: {}, param_groups: [] };
    const text = message(() => opt.loadStateDict(snake as never));
    expect(text).toContain("unknown key 'param_groups'; did you mean 'paramGroups'?");
    expect(text).toContain('paramGroups is missing, expected an array of groups');
  });

  it('refuses a group count or size mismatch', () => {
    const { opt } = trainedAdam();
    const saved = opt.stateDict();
    expect(
      message(() =>
        opt.loadStateDict({ ...saved, paramGroups: [...saved.paramGroups, ...saved.paramGroups] }),
      ),
    ).toContain('1 parameter group in the optimiser, 2 in the state dict');
    const group = { ...saved.paramGroups[0]!, params: [0] };
    expect(message(() => opt.loadStateDict({ ...saved, paramGroups: [group] }))).toContain(
      'group 0 has 1 parameter in the state dict, 2 in the optimiser',
    );
  });

  it('refuses unknown state entries and options, with the closest valid name', () => {
    const { opt } = trainedAdam();
    const saved = opt.stateDict();
    const before = snapshot(opt);
    const torchNames = {
      state: { 0: { ...saved.state[0], exp_avg: saved.state[0]!['expAvg'] } },
      paramGroups: [{ ...saved.paramGroups[0]!, weight_decay: 0 }],
    };
    const text = message(() => opt.loadStateDict(torchNames as never));
    expect(text).toContain(
      "unknown state entry 'exp_avg' of parameter 0; did you mean 'expAvg'? (Adam keeps step, expAvg, expAvgSq, maxExpAvgSq)",
    );
    expect(text).toContain(
      "unknown option 'weight_decay' in paramGroups[0]; did you mean 'weightDecay'?",
    );
    expect(snapshot(opt)).toBe(before);
  });

  it('checks option kinds and ranges with the optimiser’s own rules', () => {
    const { opt } = trainedAdam();
    const saved = opt.stateDict();
    const bad = (options: Record<string, unknown>) =>
      message(() =>
        opt.loadStateDict({ ...saved, paramGroups: [{ ...saved.paramGroups[0]!, ...options }] }),
      );
    expect(bad({ lr: '0.1' })).toContain(
      "option 'lr' of paramGroups[0] is a string (0.1), expected a number",
    );
    expect(bad({ betas: [0.9] })).toContain(
      "option 'betas' of paramGroups[0] is an array, expected an array of 2 numbers",
    );
    expect(bad({ lr: -1 })).toContain('paramGroups[0]: Adam: lr must be >= 0, got -1');
    expect(opt.paramGroups[0]!.lr).toBe(0.01);
  });

  it('checks state entries: kinds, shapes, disposed tensors', () => {
    const { opt } = trainedAdam();
    const saved = opt.stateDict();
    const withEntry = (entry: Record<string, unknown>) =>
      message(() =>
        opt.loadStateDict({
          ...saved,
          state: { ...saved.state, 1: { ...saved.state[1], ...entry } },
        } as never),
      );
    expect(withEntry({ step: '2' })).toContain(
      "state entry 'step' of parameter 1 is a string (2), expected a finite number",
    );
    expect(withEntry({ expAvg: tensor([1, 2, 3]) })).toContain(
      "state entry 'expAvg' of parameter 1 is [3] float32, parameter 1 is [2] float32",
    );
    expect(withEntry({ expAvg: [[0, 0]] })).toContain(
      "state entry 'expAvg' of parameter 1 is an array, expected a Tensor",
    );
    const disposed = tensor([0, 0]);
    disposed.dispose();
    expect(withEntry({ expAvg: disposed })).toContain(
      "state entry 'expAvg' of parameter 1 is a disposed Tensor",
    );
    expect(message(() => opt.loadStateDict({ ...saved, state: { 7: {} } }))).toContain(
      'state for parameter 7, but paramGroups list only 0, 1',
    );
  });

  it('maps saved indices to parameters in group order, as PyTorch', () => {
    const a = new Parameter(tensor([1, 2]));
    const b = new Parameter(tensor([3]));
    const opt = new SGD([a, b], { lr: 0.1, momentum: 0.9 });
    const state: OptimizerStateDict = {
      state: { 5: { momentumBuffer: tensor([7]) }, 4: { momentumBuffer: tensor([8, 9]) } },
      paramGroups: [{ ...opt.stateDict().paramGroups[0]!, params: [4, 5] }],
    };
    opt.loadStateDict(state);
    const loaded = opt.stateDict().state;
    expect([...(loaded[0]!['momentumBuffer'] as Tensor).data()]).toEqual([8, 9]);
    expect([...(loaded[1]!['momentumBuffer'] as Tensor).data()]).toEqual([7]);
    // copies: the loaded tensors are the optimiser's own
    expect(loaded[0]!['momentumBuffer']).not.toBe(state.state[4]!['momentumBuffer']);
  });
});

describe('scheduler loadStateDict checks its input', () => {
  const sgd = () => new SGD([new Parameter(tensor([0]))], { lr: 1 });

  it('restores the position, and refuses bad states without changing anything', () => {
    const opt = sgd();
    const sched = new CosineAnnealingLR(opt, 10);
    for (let i = 0; i < 3; i++) sched.step();
    const saved = sched.stateDict();
    expect(saved).toEqual({
      lastEpoch: 3,
      stepCount: 4,
      lastLr: [opt.paramGroups[0]!.lr],
      baseLrs: [1],
    });
    const fresh = new CosineAnnealingLR(sgd(), 10);
    expect(message(() => fresh.loadStateDict(null as never))).toBe(
      'CosineAnnealingLR.loadStateDict: the state does not fit, nothing was loaded:\n  expected the object of stateDict(), got null',
    );
    const text = message(() =>
      fresh.loadStateDict({ last_epoch: 3, stepCount: 1.5, lastLr: [1, 2] }),
    );
    expect(text).toContain("unknown key 'last_epoch'; did you mean 'lastEpoch'?");
    expect(text).toContain("missing key 'lastEpoch'");
    expect(text).toContain("'stepCount' is 1.5, expected an integer >= 0");
    expect(text).toContain("'lastLr' is [1,2], expected 1 finite numbers (one per group)");
    expect(fresh.lastEpoch).toBe(0);
    fresh.loadStateDict(JSON.parse(JSON.stringify(saved)));
    expect(fresh.stateDict()).toEqual(saved);
  });

  it('SequentialLR and ChainedScheduler load all their schedulers or none', () => {
    const opt = sgd();
    const seq = new SequentialLR(
      opt,
      [new LinearLR(opt, { totalIters: 3 }), new StepLR(opt, 2)],
      [3],
    );
    for (let i = 0; i < 5; i++) seq.step();
    const saved = JSON.parse(JSON.stringify(seq.stateDict()));
    const opt2 = sgd();
    const seq2 = new SequentialLR(
      opt2,
      [new LinearLR(opt2, { totalIters: 3 }), new StepLR(opt2, 2)],
      [3],
    );
    const before = seq2.stateDict();
    const broken = {
      ...saved,
      schedulers: [saved.schedulers[0], { ...saved.schedulers[1], lastLr: 'x' }],
    };
    expect(message(() => seq2.loadStateDict(broken))).toContain(
      'SequentialLR.loadStateDict: scheduler 1 refused its state, nothing was loaded: StepLR.loadStateDict: the state does not fit, nothing was loaded:\n  \'lastLr\' is "x"',
    );
    expect(seq2.stateDict()).toEqual(before);
    seq2.loadStateDict(saved);
    expect(seq2.stateDict()).toEqual(seq.stateDict());

    const chained = new ChainedScheduler([new StepLR(opt2, 2)]);
    expect(message(() => chained.loadStateDict({ schedulers: [] }))).toContain(
      "'schedulers' is [], expected the states of 1 schedulers",
    );
  });
});

/**
 * `F.pad` is autograd's `pad` (`torch.nn.functional.pad`: modes 'constant', 'reflect',
 * 'replicate', 'circular'), re-exported so that it is the very function users call there.
 */
export { pad, type PadMode, type PadOptions } from '@tensorgrad/autograd';

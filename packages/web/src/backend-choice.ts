/** Which backend the page runs on: the gpu when WebGL is there, else the cpu, and why. */
import { gpuAvailability, type BackendName } from '@tensorgrad/autograd';

/** The gpu.js modes that run on a GL context; its `webasm` mode runs on the cpu. */
const GL_MODES = ['webgl2', 'webgl', 'headlessgl'];

/** What the page decided. */
export interface BackendChoice {
  readonly backend: BackendName;
  /** gpu.js's mode, when the gpu backend was chosen. */
  readonly mode?: string;
  /** Why the page runs on the cpu although the gpu was wanted; absent otherwise. */
  readonly fallback?: string;
}

/**
 * Choose from the page's `?backend=` parameter: `cpu` forces the cpu backend; none (or `auto`)
 * takes the gpu backend when gpu.js runs on WebGL here and falls back to the cpu, saying why,
 * when it does not. `probe` is {@link gpuAvailability}, replaceable in tests.
 */
export function chooseBackend(
  requested: string | null,
  probe: () => { available: boolean; mode: string; reason: string } = gpuAvailability,
): BackendChoice {
  if (requested === 'cpu') return { backend: 'cpu' };
  if (requested !== null && requested !== 'auto') {
    throw new Error(`?backend=${requested}: expected cpu or auto (the default: gpu if it can)`);
  }
  const gpu = probe();
  if (gpu.available && GL_MODES.includes(gpu.mode)) return { backend: 'gpu', mode: gpu.mode };
  const why = gpu.available
    ? `gpu.js offers only its ${gpu.mode} mode here, which runs on the cpu`
    : gpu.reason;
  return { backend: 'cpu', fallback: `no WebGL for the gpu backend (${why})` };
}

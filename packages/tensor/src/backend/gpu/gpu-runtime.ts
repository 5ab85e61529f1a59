/**
 * The only file that talks to gpu.js. gpu.js's typings are loose (kernels are untyped
 * callables, results are `Texture | number[] | Float32Array | ...`), so the casts live here and
 * the rest of the backend sees three narrow types: {@link GpuRuntime}, {@link CompiledKernel}
 * and {@link DeviceArray}.
 *
 * Modes. gpu.js picks its kernel class from the environment: `headlessgl` in Node with a
 * display (e.g. under `xvfb-run`), `webgl2`/`webgl` in a browser, and `webasm` (WebAssembly on
 * the cpu) where no GL context exists. In GL modes a device array is a float32 texture; in
 * `webasm` there is no device memory, so a device array is a plain `Float32Array` (gpu.js's
 * "pipeline" output there is a fresh typed array per call).
 *
 * gpu.js itself is found at run time (`gpu-js.ts`): it is an optional peer dependency.
 */
import type { GPU } from 'gpu.js';
import { gpuJs, type GpuJsModule } from './gpu-js.js';

/** gpu.js modes this backend knows how to drive. */
export type RuntimeMode = 'headlessgl' | 'webgl2' | 'webgl' | 'webasm';

/**
 * The largest loop trip count any kernel is compiled for. Mesa's llvmpipe (the software GL
 * behind headless-gl here) silently stops every loop after 65535 iterations whatever
 * `loopMaxIterations` says (measured: a loop to 100000 returned 65535), so kernels never
 * loop further than this; longer reductions run in chunks (see `kernels/reduce.ts`).
 */
export const MAX_LOOP = 16384;

/** A gpu.js texture, as far as this backend uses it. */
export interface GpuTexture {
  /** Texture size in texels, [width, height]. */
  readonly size: readonly number[];
  /** The kernel output it holds, `[n]`: n elements, or n texels of four for a packed array. */
  readonly output: readonly number[];
  /** The GL internal format (a GLenum), e.g. R32F on WebGL2. */
  readonly internalFormat?: number;
  toArray(): Float32Array;
  clone(): GpuTexture;
  delete(): void;
}

/** WebGL2's `R32F` internal format enum (a constant of the GL spec). */
const GL_R32F = 0x822e;

/** One flat float32 array on the device: a texture in GL modes, a typed array in webasm. */
export type DeviceArray = GpuTexture | Float32Array;

/** The output of a two-dimensional kernel: `[width, height]` threads. */
export type Grid = readonly [number, number];

/** A kernel argument: a device array or a scalar (always passed as a GLSL `float`). */
export type KernelArg = DeviceArray | number;

/** A compiled kernel with a flat 1-D output of any length. */
export interface CompiledKernel {
  /**
   * Run over `size` threads (`size >= 1`), or over a grid `[width, height]` of threads
   * (`this.thread.x`, `this.thread.y`) whose result lies on a texture of exactly that size
   * (GL modes, height > 1: see {@link KernelSignature.texelAt}); returns a new device array
   * owned by the caller.
   * Throws, naming the kernel, when an argument is neither a number nor a device array or
   * when gpu.js fails to build or run it; the kernel is then {@link failed}.
   */
  run(size: number | Grid, args: readonly KernelArg[]): DeviceArray;
  /**
   * Whether a run failed. A failed kernel is never run again (its owner compiles a new one):
   * gpu.js replaces a kernel it could not build with its cpu fallback for good, so reusing it
   * made every later call fail the same way (`unhandled returnType Unknown` in webasm).
   */
  readonly failed: boolean;
}

/** How a kernel's parameters are typed: device arrays first, then float scalars. */
export interface KernelSignature {
  /** JavaScript-subset source `function (a, b, n0, ...) { ... }` translated by gpu.js. */
  readonly source: string;
  /** Parameter names of the device-array arguments, in order, before the scalars. */
  readonly arrays: readonly string[];
  /** Parameter names of the scalar arguments, in order. */
  readonly scalars: readonly string[];
  /**
   * Whether each thread returns four values (`return [x, y, z, w]`), stored in one RGBA texel:
   * a packed array, which only kernels listing it in {@link packed} can read. GL modes only.
   */
  readonly returnsFour?: boolean;
  /** Those of {@link arrays} that are packed arrays; reading one element gives all four values. */
  readonly packed?: readonly string[];
  /**
   * Whether the source calls `sameTexel(x)`: the value of array `x` at the texel this thread
   * writes, i.e. element `this.thread.x` of an `x` holding exactly as many elements as the
   * output (so that both lie on textures of one size). GL modes only; see {@link SAME_TEXEL}.
   */
  readonly sameTexel?: boolean;
  /**
   * Whether the source calls `texelAt(x, column, row)`: the four values of packed array `x`
   * at that texel of its texture, which must be the result of a kernel run over a grid (so
   * that rows of the grid are rows of the texture). GL modes only; see {@link TEXEL_AT}.
   */
  readonly texelAt?: boolean;
  /**
   * Whether the source calls `valueAt(x, column, row)`: the value of (flat, unpacked) array
   * `x` at that texel of its texture, for kernels that walk a texture's rows themselves
   * (`kernels/line-walk.ts`). GL modes only.
   */
  readonly valueAt?: boolean;
}

/**
 * GLSL of `texelAt` (see {@link KernelSignature.texelAt}): the texel at integer coordinates,
 * with no index arithmetic. A kernel walking a row of a packed operand then reads a texel per
 * step where `x[i]` costs an integer division and modulo by the width (see `SAME_TEXEL`).
 * WebGL2 fetches the texel exactly; WebGL1 has no `texelFetch`, so it samples the texel's
 * centre.
 */
const TEXEL_AT = (webgl2: boolean, name = 'texelAt', type = 'vec4', lanes = ''): string =>
  `${type} ${name}(sampler2D tex, ivec2 texSize, ivec3 texDim, float column, float row) {
  return ${
    webgl2
      ? 'texelFetch(tex, ivec2(int(column), int(row)), 0)'
      : 'texture2D(tex, (vec2(column, row) + 0.5) / vec2(texSize))'
  }${lanes};
}`;

/**
 * GLSL of `sameTexel` (see {@link KernelSignature.sameTexel}). gpu.js turns every array read
 * `x[i]` into an integer division and modulo by the texture width and a normalised sample
 * (`get32`); on a software GL those instructions, not the arithmetic, are most of an
 * elementwise kernel. An input laid out like the output is instead sampled where the fragment
 * itself is, at gpu.js's varying `vTexCoord` (which gpu.js also derives the thread index from).
 * gpu.js passes an array argument as its sampler, size and dims; only the sampler is used.
 * Measured on headless GL (llvmpipe), an add of two [1024, 1024] textures: 49–73 ms with
 * strided reads, 14.7 ms with `sameTexel`.
 */
const SAME_TEXEL = (sample: 'texture' | 'texture2D'): string =>
  `float sameTexel(sampler2D tex, ivec2 texSize, ivec3 texDim) {
  return ${sample}(tex, vTexCoord).r;
}`;

// gpu.js kernels are dynamic callables with a mutable output size; this is the slice we use.
interface RawKernel {
  (...args: unknown[]): unknown;
  setOutput(output: number[]): RawKernel;
  readonly kernel: { readonly constructor: { readonly name: string }; readonly context?: unknown };
}

/** The two WebGL calls that make and free textures, which {@link GpuRuntime} counts. */
interface TextureCalls {
  createTexture(): unknown;
  deleteTexture(texture: unknown): void;
}

/**
 * Owns one `GPU` instance and compiles kernels with the settings every kernel must carry.
 */
export class GpuRuntime {
  /** The mode gpu.js actually runs kernels in. */
  readonly mode: RuntimeMode;
  private readonly gpu: GPU;
  private uploadKernel: CompiledKernel | null = null;
  private identityKernels: [RuntimeKernel, RuntimeKernel] | null = null;
  private glCounted: unknown = null;
  private glCreated = 0;
  private glDeleted = 0;

  /** @param mode a gpu.js mode that has been checked to be available. */
  constructor(mode: RuntimeMode) {
    this.mode = mode;
    this.gpu = new (loaded().GPU)({ mode });
  }

  /**
   * The longest side of a texture here (`MAX_TEXTURE_SIZE`: 16384 on llvmpipe and most desktop
   * gpus, at least 2048 anywhere WebGL2 runs), or Infinity in webasm, which has no textures.
   */
  get maxTextureSize(): number {
    if (!this.usesTextures) return Infinity;
    const features = (expectedKernelClass(this.mode) as unknown as KernelFeatures).features;
    return features?.maxTextureSize ?? Infinity;
  }

  /**
   * The most elements one device array can hold: gpu.js lays `n` elements out on a near-square
   * texture, one a texel, so at most `maxTextureSize²` (2^28 on llvmpipe).
   */
  get maxElements(): number {
    return this.maxTextureSize ** 2;
  }

  /** Whether device arrays are GL textures (false in webasm, where they are typed arrays). */
  get usesTextures(): boolean {
    return this.mode !== 'webasm';
  }

  /**
   * Compile `signature`. Every kernel is a pipeline kernel (results stay on the device), is
   * resizable (`dynamicOutput`/`dynamicArguments`, so one compiled kernel serves every size),
   * and is compiled with `tactic: 'precision'` and `precision: 'single'`: without them gpu.js
   * may choose `lowp` shaders or 8-bit packed textures, which silently lose digits.
   */
  compile(signature: KernelSignature, name = 'kernel'): CompiledKernel {
    const argumentTypes: Record<string, string> = {};
    for (const name of signature.arrays) {
      argumentTypes[name] = signature.packed?.includes(name) ? 'ArrayTexture(4)' : 'Array';
    }
    for (const name of signature.scalars) argumentTypes[name] = 'Float';
    // `immutable: false` plus our own clone of each result (RuntimeKernel.run): an immutable
    // kernel keeps an extra clone of any argument that is its own previous output (`prevArg`),
    // which would keep textures alive after we delete them. With a mutable kernel the only
    // extra reference is the kernel's current output texture, which gpu.js reuses on the next
    // run; the one case that needs care, reading that texture as an input, is handled there.
    const natives = this.nativeFunctions(signature);
    const raw = this.gpu.createKernel(signature.source, {
      output: [1],
      pipeline: true,
      immutable: false,
      dynamicOutput: true,
      dynamicArguments: true,
      tactic: 'precision',
      precision: 'single',
      loopMaxIterations: MAX_LOOP,
      argumentTypes,
      ...(signature.returnsFour === true ? { returnType: 'Array(4)' } : {}),
      ...(natives.length > 0 ? { nativeFunctions: natives } : {}),
    } as never) as unknown as RawKernel;
    return new RuntimeKernel(raw, expectedKernelClass(this.mode), this, name);
  }

  /** gpu.js's descriptions of the native functions `signature` calls, in this mode's GLSL. */
  private nativeFunctions(signature: KernelSignature): object[] {
    const natives: object[] = [];
    const webgl2 = this.mode === 'webgl2';
    if (signature.sameTexel === true) {
      natives.push({
        name: 'sameTexel',
        // GLSL ES 3.00 (WebGL2) renamed texture2D to texture.
        source: SAME_TEXEL(webgl2 ? 'texture' : 'texture2D'),
        // What gpu.js calls a texture argument holding one value a texel.
        argumentTypes: { tex: 'ArrayTexture(1)' },
        returnType: 'Number',
      });
    }
    if (signature.texelAt === true) {
      natives.push({
        name: 'texelAt',
        source: TEXEL_AT(webgl2),
        argumentTypes: { tex: 'ArrayTexture(4)', column: 'Number', row: 'Number' },
        returnType: 'Array(4)',
      });
    }
    if (signature.valueAt === true) {
      natives.push({
        name: 'valueAt',
        source: TEXEL_AT(webgl2, 'valueAt', 'float', '.r'),
        argumentTypes: { tex: 'ArrayTexture(1)', column: 'Number', row: 'Number' },
        returnType: 'Number',
      });
    }
    if (natives.length > 0 && !this.usesTextures) {
      throw new Error('gpu backend: sameTexel, texelAt and valueAt read textures; webasm has none');
    }
    return natives;
  }

  /**
   * A copy of `array` made by an identity kernel other than `avoid`, so that it can be fed to
   * `avoid` (see {@link RuntimeKernel.run}). Two identity kernels suffice: an array is the
   * latest output of at most one kernel. Flat arrays only: the grids of `kernels/matmul-packed.ts`
   * are never fed to the kernel that made them.
   */
  copyFor(array: GpuTexture, avoid: CompiledKernel): DeviceArray {
    const identity = (): RuntimeKernel =>
      this.compile(
        { source: 'function (v) { return v[this.thread.x]; }', arrays: ['v'], scalars: [] },
        'identity',
      ) as RuntimeKernel;
    if (this.identityKernels === null || this.identityKernels.some((k) => k.failed)) {
      this.identityKernels = [identity(), identity()];
    }
    const [first, second] = this.identityKernels;
    const kernel = first === avoid || first.lastOutput === array ? second : first;
    return kernel.run(array.output[0]!, [array]);
  }

  /** Copy host float32 values to a new device array. */
  upload(values: Float32Array): DeviceArray {
    if (!this.usesTextures) return values.slice();
    if (this.uploadKernel === null || this.uploadKernel.failed) {
      this.uploadKernel = this.compile(
        { source: 'function (v) { return v[this.thread.x]; }', arrays: ['v'], scalars: [] },
        'upload',
      );
    }
    return this.uploadKernel.run(values.length, [values]);
  }

  /** Read a device array back as float32 values (a fresh copy of its first `size` elements). */
  download(array: DeviceArray, size: number): Float32Array {
    if (array instanceof Float32Array) return array.slice(0, size);
    const values = array.toArray();
    return values.length === size ? values : values.slice(0, size);
  }

  /** Free a device array now (typed arrays are left to the garbage collector). */
  release(array: DeviceArray): void {
    if (!(array instanceof Float32Array)) array.delete();
  }

  /**
   * Bytes a device array of `size` elements occupies over its whole padded 2-D texture: WebGL2
   * renders scalar single-precision kernels to R32F (4 bytes a texel), WebGL1 and headless-gl
   * to RGBA float (16 bytes a texel, one value in it); webasm uses 4 bytes an element.
   */
  bytes(array: DeviceArray, size: number): number {
    if (array instanceof Float32Array) return size * 4;
    const bytesPerTexel = array.internalFormat === GL_R32F ? 4 : 16;
    return array.size[0]! * array.size[1]! * bytesPerTexel;
  }

  /**
   * GL textures created minus deleted since counting began (at the first kernel run), or
   * `null` in webasm. Unlike the backend's own ledger this sees what gpu.js really holds,
   * including each kernel's reusable output texture, so leak tests can check the driver side.
   */
  get glTextureBalance(): number | null {
    return this.glCounted === null ? null : this.glCreated - this.glDeleted;
  }

  /**
   * Start counting GL texture creations and deletions on `context` (once; all kernels of one
   * `GPU` instance share its context). Called by kernels after their first GL run.
   */
  countTextures(context: unknown): void {
    if (this.glCounted !== null || context === undefined) return;
    this.glCounted = context;
    const gl = context as TextureCalls;
    const create = gl.createTexture.bind(gl);
    const remove = gl.deleteTexture.bind(gl);
    gl.createTexture = () => {
      this.glCreated++;
      return create();
    };
    gl.deleteTexture = (texture) => {
      this.glDeleted++;
      remove(texture);
    };
  }

  /** Destroy the gpu.js instance and every kernel it compiled. */
  destroy(): void {
    void this.gpu.destroy();
  }
}

/** What gpu.js reports of a GL context, once a kernel class has probed one. */
interface KernelFeatures {
  readonly features?: { readonly maxTextureSize?: number } | null;
}

/** The gpu.js kernel class a mode must produce (compared by class, not by name: bundlers minify names). */
type KernelClass = abstract new (...args: never[]) => object;

function expectedKernelClass(mode: RuntimeMode): KernelClass {
  const gpujs = loaded();
  switch (mode) {
    case 'headlessgl':
      return gpujs.HeadlessGLKernel;
    case 'webgl2':
      return gpujs.WebGL2Kernel;
    case 'webgl':
      return gpujs.WebGLKernel;
    case 'webasm':
      return gpujs.WebAssemblyKernel;
  }
}

/** gpu.js's module; callers have checked that it is there (`createGpuBackend` does). */
function loaded(): GpuJsModule {
  const gpujs = gpuJs();
  if (gpujs === null) throw new Error('gpu backend: gpu.js is not available');
  return gpujs;
}

/** Which gpu.js modes this environment supports, as gpu.js itself reports them. */
export function availableModes(): Record<RuntimeMode, boolean> {
  const { GPU } = loaded();
  return {
    headlessgl: GPU.isHeadlessGLSupported,
    webgl2: GPU.isWebGL2Supported,
    webgl: GPU.isWebGLSupported,
    webasm: (GPU as unknown as { isWebAssemblySupported: boolean }).isWebAssemblySupported,
  };
}

/** Whether `value` is a device array: a typed array (webasm, uploads) or a gpu.js texture. */
function isDeviceArray(value: unknown): value is DeviceArray {
  if (value instanceof Float32Array) return true;
  const texture = value as Partial<GpuTexture> | null;
  return (
    typeof texture === 'object' &&
    texture !== null &&
    typeof texture.toArray === 'function' &&
    typeof texture.delete === 'function'
  );
}

/** A kernel argument named for an error message. */
function describeArg(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'no class'})`;
  return `a ${typeof value}`;
}

/** A compiled gpu.js kernel behind the {@link CompiledKernel} interface. */
class RuntimeKernel implements CompiledKernel {
  /** The array the latest run returned (GL modes: it shares its texture with the kernel). */
  lastOutput: DeviceArray | null = null;
  failed = false;
  private output: Grid = [1, 1];

  constructor(
    private readonly raw: RawKernel,
    private readonly expected: KernelClass,
    private readonly runtime: GpuRuntime,
    private readonly name: string,
  ) {}

  run(size: number | Grid, args: readonly KernelArg[]): DeviceArray {
    if (this.failed) {
      throw new Error(
        `gpu backend: kernel ${this.name} failed earlier and is not run again; ` +
          'take a fresh one from the kernel cache',
      );
    }
    // gpu.js types its arguments by value: anything else (an object, a string) builds a kernel
    // for an "Unknown" argument, which fails and, in webasm, falls back to the cpu for good.
    args.forEach((arg, i) => {
      if (typeof arg !== 'number' && !isDeviceArray(arg)) {
        throw new Error(
          `gpu backend: kernel ${this.name} got ${describeArg(arg)} as argument ${i}; ` +
            'kernels take numbers and device arrays',
        );
      }
    });
    try {
      return this.runChecked(size, args);
    } catch (err) {
      this.failed = true;
      const kernel = this.raw.kernel as { fallbackReason?: string | null };
      const why = !(this.raw.kernel instanceof this.expected)
        ? `gpu.js could not build it and fell back to its cpu kernel: ${kernel.fallbackReason ?? 'no reason given'}`
        : err instanceof Error
          ? err.message
          : String(err);
      // The failed gpu.js kernel is left to GpuRuntime.destroy: destroying it here (its
      // program, framebuffer and textures) made the next new kernel in headless GL read zeros.
      throw new Error(
        `gpu backend: kernel ${this.name} failed in ${this.runtime.mode} mode (${why}); ` +
          'it was dropped, and the next call compiles it afresh',
      );
    }
  }

  private runChecked(size: number | Grid, args: readonly KernelArg[]): DeviceArray {
    // A mutable gpu.js kernel renders into the texture it returned last time, and throws
    // ("Source and destination textures are the same") when that texture is also an input,
    // as in cat's chain of setSlice calls. Such an input is read from a copy instead.
    const copies: DeviceArray[] = [];
    const safeArgs = args.map((arg) => {
      if (arg !== this.lastOutput || arg instanceof Float32Array || typeof arg === 'number')
        return arg;
      const copy = this.runtime.copyFor(arg, this);
      copies.push(copy);
      return copy;
    });
    try {
      const [width, height] = typeof size === 'number' ? [size, 1] : size;
      if (width !== this.output[0] || height !== this.output[1]) {
        this.raw.setOutput(height === 1 ? [width] : [width, height]);
        this.output = [width, height];
      }
      const result = this.raw(...safeArgs);
      // gpu.js degrades a kernel it cannot translate to its cpu backend with only a console
      // warning; never accept that silently (`run` names the fallback).
      if (!(this.raw.kernel instanceof this.expected)) throw new Error('fell back');
      if (result instanceof Float32Array) return result;
      this.runtime.countTextures(this.raw.kernel.context);
      this.lastOutput = (result as GpuTexture).clone();
      return this.lastOutput;
    } finally {
      for (const copy of copies) this.runtime.release(copy);
    }
  }
}

/** Which WebGL implementation the browser offers, for the record (SwiftShader in headless CI). */

/**
 * The unmasked renderer string of a throwaway WebGL2 context, or `undefined` when the browser has
 * no WebGL2 or hides the string.
 */
export function webglRenderer(): string | undefined {
  const gl = document.createElement('canvas').getContext('webgl2');
  if (gl === null) return undefined;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer: unknown = gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER);
  // Browsers cap the number of live contexts; this one is not needed any more.
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return typeof renderer === 'string' ? renderer : undefined;
}

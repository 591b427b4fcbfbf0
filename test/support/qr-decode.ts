// Reads the QR code back out of a poster: the SVG path's rectangles → module matrix → pixels →
// jsQR, an independent decoder. Used by the worker and the browser tests.
import jsQR from 'jsqr';

const PIXELS_PER_MODULE = 4;

/** The module matrix of the first QR `<svg>` in `markup` (true = dark), quiet zone included. */
export function qrModules(markup: string): boolean[][] {
  const svg = markup.match(/<svg[^>]*viewBox="0 0 (\d+) \1"[^>]*>.*?<path fill="#000" d="([^"]*)"/s);
  if (!svg) throw new Error('no QR code <svg> in the markup');
  const side = Number(svg[1]);
  const modules = Array.from({ length: side }, () => Array<boolean>(side).fill(false));
  for (const [, x, y, width] of svg[2]!.matchAll(/M(\d+) (\d+)h(\d+)v1H\d+z/g)) {
    for (let i = 0; i < Number(width); i++) modules[Number(y)]![Number(x) + i] = true;
  }
  return modules;
}

/** Decodes the matrix as a scanner would see it printed: black on white pixels. */
export function decodeModules(modules: boolean[][]): string | null {
  const size = modules.length * PIXELS_PER_MODULE;
  const rgba = new Uint8ClampedArray(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const dark = modules[Math.floor(py / PIXELS_PER_MODULE)]![Math.floor(px / PIXELS_PER_MODULE)];
      rgba.fill(dark ? 0 : 255, (py * size + px) * 4, (py * size + px) * 4 + 3);
      rgba[(py * size + px) * 4 + 3] = 255;
    }
  }
  return jsQR(rgba, size, size, { inversionAttempts: 'dontInvert' })?.data ?? null;
}

export const decodePoster = (markup: string) => decodeModules(qrModules(markup));

// A QR code as one compact SVG path (runs of dark modules per row), with the standard quiet zone.
import { encode } from 'uqr';
import { escapeMarkup } from './escape.ts';

/** The quiet zone the QR standard asks for, in modules, on every side. */
export const QUIET_ZONE = 4;

export type QrSvg = { svg: string; version: number; modules: number };

/**
 * Level M (15% recovery) keeps the code small enough for large modules on paper while surviving a
 * smudge or a glare spot; the poster prints the URL under it as a fallback anyway.
 */
export function qrSvg(text: string, label: string): QrSvg {
  const qr = encode(text, { ecc: 'M', border: 0 });
  const side = qr.size + 2 * QUIET_ZONE;
  let path = '';
  qr.data.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      const start = x;
      while (row[x + 1]) x++;
      path += `M${start + QUIET_ZONE} ${y + QUIET_ZONE}h${x - start + 1}v1H${start + QUIET_ZONE}z`;
    }
  });
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" role="img" aria-label="${escapeMarkup(label)}"`
    + ` shape-rendering="crispEdges"><rect width="${side}" height="${side}" fill="#fff"/><path fill="#000" d="${path}"/></svg>`;
  return { svg, version: qr.version, modules: qr.size };
}

// Page cursors: the sort key of a page's last row as base64url JSON, opaque to callers and safe
// to paste into a URL. One format for every paged list.
import { HttpError } from '../errors.ts';

type Kind = 'string' | 'number';
type Parts<K extends readonly Kind[]> = { -readonly [I in keyof K]: K[I] extends 'string' ? string : number };

export function encodeCursor(parts: readonly (string | number)[]): string {
  const bytes = new TextEncoder().encode(JSON.stringify(parts));
  return btoa(String.fromCharCode(...bytes)).replaceAll('+', '-').replaceAll('/', '_').replaceAll('=', '');
}

/** The parts of a cursor this API issued, each of the expected kind; anything else is a 400. */
export function decodeCursor<const K extends readonly Kind[]>(text: string, kinds: K): Parts<K> {
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const parts = JSON.parse(new TextDecoder().decode(Uint8Array.from(binary, (ch) => ch.charCodeAt(0)))) as unknown;
    if (Array.isArray(parts) && parts.length === kinds.length && parts.every((p, i) => typeof p === kinds[i])) {
      return parts as Parts<K>;
    }
  } catch { /* fall through */ }
  throw new HttpError(400, 'validation_failed', 'The cursor is not one this API returned.', [{ path: 'cursor', message: 'Unknown cursor.' }]);
}

/**
 * One page of a list read with `limit + 1` rows in the list's order: the first `limit` rows, and
 * the cursor of the last of them (`cursorOf`) only when the extra row shows that more follow.
 */
export function pageFrom<R>(rows: readonly R[], limit: number, cursorOf: (last: R) => string): { page: R[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last !== undefined ? cursorOf(last) : null };
}

// Hashes, HMACs and random ids, with WebCrypto only (Workers have no node:crypto).
const encoder = new TextEncoder();

/** Lowercase hex of the bytes. */
export const hex = (bytes: ArrayBuffer): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Hex SHA-256 of a string (keys are stored only as these hashes). */
export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** Hex SHA-1 of a string: only where a protocol demands it (WeChat's JS-SDK signature). */
export async function sha1Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-1', encoder.encode(text)));
}

/** HMAC-SHA256 of the UTF-8 text under `key` (UTF-8 text or raw bytes). */
export async function hmacSha256(key: string | ArrayBuffer, text: string): Promise<ArrayBuffer> {
  const raw = typeof key === 'string' ? encoder.encode(key) : key;
  const k = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, encoder.encode(text));
}

/** Hex HMAC-SHA256 of `text` under `secret`. */
export async function hmacHex(secret: string, text: string): Promise<string> {
  return hex(await hmacSha256(secret, text));
}

/** A new row id: `prefix_` and 20 random hex digits. */
export const newId = (prefix: string): string => `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 20)}`;

// Hashes and HMACs for the vendors' request signatures, with WebCrypto only (Workers have no node:crypto).
const encoder = new TextEncoder();

export const hex = (bytes: ArrayBuffer): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');

/** Lowercase hex SHA-256 of the UTF-8 text. */
export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

/** HMAC-SHA256 of the UTF-8 text under `key` (UTF-8 text or raw bytes). */
export async function hmacSha256(key: string | ArrayBuffer, text: string): Promise<ArrayBuffer> {
  const raw = typeof key === 'string' ? encoder.encode(key) : key;
  const k = await crypto.subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, encoder.encode(text));
}

/** A random nonce: 32 hex digits. */
export const randomNonce = (): string => hex(crypto.getRandomValues(new Uint8Array(16)).buffer);

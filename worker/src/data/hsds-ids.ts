// HSDS wants UUIDs; Ginkgo's ids are readable strings. A name-based UUID (v5, RFC 9562: SHA-1
// of a namespace and a name) gives every exported object the same UUID on every export.

/** Ginkgo's namespace for HSDS ids (a fixed random UUID; changing it changes every exported id). */
const NAMESPACE = hexBytes('6c1d3b7e9f2a4c58b0e4d7a9c3f1e852');

function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g)!.map((h) => parseInt(h, 16)));
}

export async function uuidV5(name: string): Promise<string> {
  const bytes = new TextEncoder().encode(name);
  const input = new Uint8Array(NAMESPACE.length + bytes.length);
  input.set(NAMESPACE);
  input.set(bytes, NAMESPACE.length);
  const hash = new Uint8Array(await crypto.subtle.digest('SHA-1', input)).slice(0, 16);
  hash[6] = (hash[6]! & 0x0f) | 0x50; // version 5
  hash[8] = (hash[8]! & 0x3f) | 0x80; // RFC variant
  const hex = [...hash].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The UUID of a Ginkgo object of `kind` (e.g. `station`, `service`) within a tenant. */
export const hsdsId = (tenantId: string, kind: string, id: string) => uuidV5(`${tenantId}/${kind}/${id}`);

// Reference codes a member reads out or types: Crockford base 32 (no I, L, O, U to misread).
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `PREFIX-` and 8 random characters (40 bits): e.g. `GK-7Q4M2X9P`. 32 divides 256, so each character is uniform. */
export function referenceCode(prefix: string): string {
  const chars = [...crypto.getRandomValues(new Uint8Array(8))].map((b) => CROCKFORD[b & 31]);
  return `${prefix}-${chars.join('')}`;
}

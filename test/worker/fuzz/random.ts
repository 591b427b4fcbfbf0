// A seeded pseudo-random generator, so that every fuzz run sends the same requests and a failure
// reproduces. Each (operation, key) pair gets its own stream, so one operation's requests do not
// depend on how many requests the operations before it sent.

/** The fuzz test's seed: change it to explore other samples; a failure message prints it. */
export const FUZZ_SEED = 20261201;

/** mulberry32: small, fast, good enough to pick test inputs. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream for `label`, derived from the seed (FNV-1a of the label). */
export function streamFor(label: string, seed = FUZZ_SEED): () => number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193);
  return rng(h >>> 0);
}

/** A token of `length` characters of [A-Za-z0-9]. */
export function token(random: () => number, length = 16): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

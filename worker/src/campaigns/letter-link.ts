// A personal letter's two keys: the short code an SMS names and a printed letter shows (typed at a
// fixed address), and the signed, expiring token a printed letter's QR code carries.
import type { AppEnv } from '../env.ts';
import { hmacSha256 } from '../lib/crypto.ts';
import { derivedSecret, sameText } from '../verification/secrets.ts';

/** No 0/O, 1/I: read off paper or an SMS and typed on a phone. 32 symbols, so 5 bits each. */
const CODE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
/** 10 symbols, 50 bits: guessing one among a million letters under the lookup limits is hopeless. */
export const LETTER_CODE_LENGTH = 10;

/** A new random personal code (unique per tenant by `campaign_letters_code`: a clash is retried by the caller). */
export function newLetterCode(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(LETTER_CODE_LENGTH));
  return [...bytes].map((b) => CODE_ALPHABET[b & 31]).join('');
}

/** A typed code as stored: upper case, without spaces or dashes; null if it cannot be one. */
export function normaliseLetterCode(typed: string): string | null {
  const code = typed.normalize('NFKC').toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== LETTER_CODE_LENGTH) return null;
  return [...code].every((c) => CODE_ALPHABET.includes(c)) ? code : null;
}

/** `ABCDE-FGHJK`: how people are shown the code. */
export const formatLetterCode = (code: string): string => `${code.slice(0, 5)}-${code.slice(5)}`;

const base64url = (bytes: ArrayBuffer): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes))).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

async function signature(env: AppEnv['Bindings'], payload: string): Promise<string> {
  const key = await derivedSecret(env, 'letter-link');
  // 128 bits of the HMAC: short enough for a small QR code, far beyond guessing.
  return base64url((await hmacSha256(key, payload)).slice(0, 16));
}

/** The QR code's token: `<letter id>.<expiry, unix seconds>.<signature>`. */
export async function signLetterToken(env: AppEnv['Bindings'], letterId: string, expiresAt: number): Promise<string> {
  const payload = `${letterId}.${Math.floor(expiresAt / 1000)}`;
  return `${payload}.${await signature(env, payload)}`;
}

export type LetterTokenCheck = { ok: true; letterId: string } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a token's signature first (a tampered token is `invalid`, whatever its expiry says), then its expiry. */
export async function verifyLetterToken(env: AppEnv['Bindings'], token: string, now = Date.now()): Promise<LetterTokenCheck> {
  const match = /^([a-z]+_[0-9a-f]{20})\.(\d{1,12})\.([\w-]{22})$/.exec(token);
  if (!match) return { ok: false, reason: 'invalid' };
  const [, letterId = '', expiry = '', sig = ''] = match;
  if (!sameText(sig, await signature(env, `${letterId}.${expiry}`))) return { ok: false, reason: 'invalid' };
  if (Number(expiry) * 1000 <= now) return { ok: false, reason: 'expired' };
  return { ok: true, letterId };
}

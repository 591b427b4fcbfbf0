// Issuing keys: the only place a key's secret exists in clear, returned once to its creator.
import { apiKeys, type KeyScope, type Role, type ServiceCategory } from '../../../schema/index.ts';
import { newId, sha256Hex } from '../lib/crypto.ts';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** 32 random base-62 characters (about 190 bits); bytes >= 248 are redrawn so that each character is uniform. */
function randomToken(): string {
  let out = '';
  while (out.length < 32) {
    for (const b of crypto.getRandomValues(new Uint8Array(48))) {
      if (b < 248 && out.length < 32) out += ALPHABET[b % 62];
    }
  }
  return out;
}

export type NewKey = {
  tenantId: string;
  kind: 'publishable' | 'secret';
  label: string;
  role?: Role | null;
  scopeNodeId?: string | null;
  scopes?: KeyScope[] | null;
  allowedOrigins?: string[];
  /** Partner keys: the service category whose shared requests the key reads. */
  serviceCategory?: ServiceCategory | null;
  /** `test` for local and test keys, `live` otherwise. */
  mode?: 'live' | 'test';
  /** Use this token instead of a random one (only the documented local demo keys do). */
  token?: string;
};

/** The row to insert and the token to hand out once; only the SHA-256 of the token is stored. */
export async function prepareKey(k: NewKey): Promise<{ token: string; row: typeof apiKeys.$inferInsert }> {
  const token = k.token ?? `${k.kind === 'publishable' ? 'pk' : 'sk'}_${k.mode ?? 'live'}_${randomToken()}`;
  const row = {
    id: newId('key'),
    tenantId: k.tenantId, kind: k.kind, label: k.label,
    role: k.kind === 'secret' ? (k.role ?? null) : null,
    scopeNodeId: k.scopeNodeId ?? null, scopes: k.scopes ?? null,
    allowedOrigins: k.allowedOrigins ?? [], serviceCategory: k.serviceCategory ?? null,
    hash: await sha256Hex(token), prefix: token.slice(0, token.indexOf('_', 3) + 1), last4: token.slice(-4),
  };
  return { token, row };
}

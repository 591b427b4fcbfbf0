// A personal letter as its member opens it (the /l page, a publishable key): found by the printed
// QR code's signed token or the typed personal code, shown with the member's name and mobile
// masked (only the member types them in full, and proves the mobile by SMS code to check in), and
// marked opened once, counted in the funnel in the same batch.
import type { Context } from 'hono';
import type { Letter } from '../../../schema/index.ts';
import { auditEntry, type AuditInput } from '../access/audit.ts';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';
import { limitLetterCodes } from '../middleware/rate-limit.ts';
import { provesMobile } from '../verification/mobile-proof.ts';
import { countChanged, newChangeMark } from './counts.ts';
import { normaliseLetterCode, verifyLetterToken } from './letter-link.ts';

export type LetterKey = { token?: string | undefined; code?: string | undefined };

type Row = {
  id: string; code: string; member_id: string; opened_at: number | null; reported_at: number | null;
  status: string; title_zh: string; title_en: string | null; body_zh: string; body_en: string | null; signatory: string; starts_at: number; ends_at: number;
  name: string; mobile: string; sms_opt_out_at: number | null;
  unit_id: string; unit_zh: string; unit_en: string; branch_id: string | null; branch_zh: string | null; branch_en: string | null;
};

const LETTER = `SELECT l.id, l.code, l.member_id, l.opened_at, l.reported_at,
    c.status, c.title_zh, c.title_en, c.body_zh, c.body_en, c.signatory, c.starts_at, c.ends_at,
    m.name, m.mobile, m.sms_opt_out_at,
    u.id AS unit_id, u.name_zh AS unit_zh, u.name_en AS unit_en, b.id AS branch_id, b.name_zh AS branch_zh, b.name_en AS branch_en
  FROM campaign_letters l JOIN campaigns c ON c.id = l.campaign_id JOIN members m ON m.id = l.member_id
  JOIN home_units u ON u.id = m.home_unit_id LEFT JOIN branches b ON b.id = m.host_branch_id
  WHERE l.tenant_id = ?1`;

export const invalidLink = () => new HttpError(400, 'letter_link_invalid', 'This letter link is not valid: it may have been mistyped or altered. Type the personal code from your letter instead.');
const expiredLink = () => new HttpError(410, 'letter_link_expired', 'This letter\'s campaign has ended; its link and code no longer work.');
const unknownCode = () => new HttpError(404, 'letter_not_found', 'No letter has this personal code: check it against your letter or SMS.');

/**
 * The letter named by `key` in the caller's tenant, and how it was reached. A typed code counts
 * against the client address's lookups first (codes could be tried); a token is checked by its
 * signature. `ended`: the campaign is over (opening refuses it; opting out does not).
 */
export async function findLetter(c: Context<AppEnv>, key: LetterKey, now = Date.now()): Promise<{ row: Row; via: 'qr' | 'code'; ended: boolean }> {
  const t = c.var.key.tenantId;
  let row: Row | null;
  let via: 'qr' | 'code';
  if (key.token !== undefined) {
    const check = await verifyLetterToken(c.env, key.token, now);
    if (!check.ok) throw check.reason === 'expired' ? expiredLink() : invalidLink();
    row = await c.env.DB.prepare(`${LETTER} AND l.id = ?2`).bind(t, check.letterId).first<Row>();
    // Signed by us for a letter since erased (or another tenant's): nothing to show.
    if (!row) throw invalidLink();
    via = 'qr';
  } else {
    await limitLetterCodes(c);
    const code = normaliseLetterCode(key.code ?? '');
    row = code === null ? null : await c.env.DB.prepare(`${LETTER} AND l.code = ?2`).bind(t, code).first<Row>();
    if (!row) throw unknownCode();
    via = 'code';
  }
  if (row.status === 'draft') throw key.token !== undefined ? invalidLink() : unknownCode();
  return { row, via, ended: row.status === 'ended' || row.ends_at <= now };
}

/** 张*明, 李*, 欧**华: the first and last characters, the rest starred (a one-character name: starred). */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
/** 138****1234. */
export const maskMobile = (mobile: string): string => `${mobile.slice(0, 3)}****${mobile.slice(-4)}`;

const toLetter = (r: Row, openedAt: number): Letter => ({
  campaign: { titleZh: r.title_zh, titleEn: r.title_en, bodyZh: r.body_zh, bodyEn: r.body_en, signatory: r.signatory, startsAt: r.starts_at, endsAt: r.ends_at },
  code: r.code,
  member: {
    name: maskName(r.name), mobile: maskMobile(r.mobile),
    homeUnit: { id: r.unit_id, name: { zh: r.unit_zh, en: r.unit_en } },
    hostBranch: r.branch_id ? { id: r.branch_id, name: { zh: r.branch_zh ?? '', en: r.branch_en ?? '' } } : null,
    smsOptedOut: r.sms_opt_out_at !== null,
  },
  openedAt, reportedAt: r.reported_at,
});

/** Shows the letter, and marks it opened the first time (counted once, in the channel it came by). */
export async function openLetter(c: Context<AppEnv>, key: LetterKey): Promise<Letter> {
  const now = Date.now();
  const { row, via, ended } = await findLetter(c, key, now);
  if (ended) throw expiredLink();
  if (row.opened_at !== null) return toLetter(row, row.opened_at);
  const mark = newChangeMark();
  await c.env.DB.batch([
    c.env.DB.prepare(`UPDATE campaign_letters SET opened_at = ?1, opened_via = ?2, change_mark = ?3 WHERE id = ?4 AND opened_at IS NULL`)
      .bind(now, via, mark, row.id),
    countChanged(c.env.DB, 'opened', 'opened', [row.id], mark),
    // Nothing shown in full, but a member's letter acted on: recorded like a check-in.
    auditStatement(c, { action: 'letter.open', subjectType: 'campaign_letter', subjectId: row.id, detail: { via } }),
  ]);
  return toLetter(row, now);
}

/** An audit entry as a plain D1 statement, for a batch with countChanged's. */
function auditStatement(c: Context<AppEnv>, input: AuditInput): D1PreparedStatement {
  const { sql, params } = auditEntry(c, input).toSQL();
  return c.env.DB.prepare(sql).bind(...params);
}

/**
 * No more campaign SMS to the letter's member: only with a proof of the roster's mobile (a letter's
 * code alone must not silence someone else's number). Idempotent: the first time is kept.
 */
export async function optOut(c: Context<AppEnv>, key: LetterKey, mobileProof: string): Promise<{ optedOutAt: number }> {
  const { row } = await findLetter(c, key);
  if (!(await provesMobile(c.env, mobileProof, c.var.key.tenantId, row.mobile))) {
    throw new HttpError(403, 'mobile_unverified', 'Verify the mobile number this letter was sent for with an SMS code first.');
  }
  const now = Date.now();
  const [, , read] = await c.env.DB.batch([
    c.env.DB.prepare(`UPDATE members SET sms_opt_out_at = ?1 WHERE id = ?2 AND sms_opt_out_at IS NULL`).bind(now, row.member_id),
    auditStatement(c, { action: 'member.sms_opt_out', subjectType: 'member', subjectId: row.member_id, detail: { letter: row.id } }),
    c.env.DB.prepare(`SELECT sms_opt_out_at AS at FROM members WHERE id = ?1`).bind(row.member_id),
  ]);
  return { optedOutAt: (read?.results[0] as { at: number } | undefined)?.at ?? now };
}

// The print run of one home unit (a village, or a town's own members): the letter of every member
// of the unit as an A4 page, and the letters printed for the first time marked so (printed_at) and counted
// as sent in the print channel, in one batch with the audit entry: printing the same village
// again counts nothing.
import type { Context } from 'hono';
import { nodeInMemberScope } from '../access/member-scope.ts';
import { auditEntry } from '../access/audit.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { qrSvg } from '../posters/qr-svg.ts';
import { countChanged, newChangeMark } from './counts.ts';
import { campaignFor } from './funnel-scope.ts';
import { formatLetterCode, signLetterToken } from './letter-link.ts';
import { renderPrintRun } from './print-html.ts';
import { prepared } from './statements.ts';

/** `YYYY年M月D日`, Shanghai: the letter's date. */
const chineseDate = (ms: number) => {
  const d = new Date(ms + 8 * 3_600_000);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
};

export async function printRun(c: Context<AppEnv>, campaignId: string, homeUnitId: string): Promise<{ html: string; letters: number; printedNow: number }> {
  const d1 = c.env.DB;
  const key = c.var.key;
  const campaign = await campaignFor(d1, key, campaignId);
  const unit = await d1.prepare(`SELECT kind, parent_id, name_zh FROM home_units WHERE tenant_id = ?1 AND id = ?2`)
    .bind(key.tenantId, homeUnitId).first<{ kind: 'town' | 'village'; parent_id: string | null; name_zh: string }>();
  // The home side only: a host secretary sees a branch's members, not a village's letters.
  if (!unit || !nodeInMemberScope(key, { id: homeUnitId, kind: unit.kind, parentId: unit.parent_id })) throw notFound(`The home unit ${homeUnitId}`);
  if (!campaign.channels.includes('print')) throw new HttpError(409, 'conflict', 'This campaign is not sent on paper (its channels have no `print`).');
  if (campaign.status === 'draft') throw new HttpError(409, 'conflict', 'The campaign is a draft: its letters are made when it is sent.');
  // Its links and codes no longer open: printing would only count letters no one can use as sent.
  if (campaign.status === 'ended' || campaign.endsAt <= Date.now()) throw new HttpError(409, 'conflict', 'The campaign has ended: its letters are no longer printed.');

  // The unit's members now (members_tenant_home), each with their letter (campaign_letters_once): a
  // member who moved to another unit since the letter was made is printed there, never here.
  const [letters, meta] = await d1.batch([
    d1.prepare(`SELECT l.id, l.code, m.name FROM members m JOIN campaign_letters l ON l.campaign_id = ?1 AND l.member_id = m.id
      WHERE m.tenant_id = ?3 AND m.home_unit_id = ?2 ORDER BY l.id`).bind(campaign.id, homeUnitId, key.tenantId),
    d1.prepare(`SELECT c.body_zh, c.signatory, c.starts_at, t.name_zh AS tenant_zh FROM campaigns c JOIN tenants t ON t.id = c.tenant_id WHERE c.id = ?1`).bind(campaign.id),
  ]) as [D1Result<{ id: string; code: string; name: string }>, D1Result<{ body_zh: string; signatory: string; starts_at: number; tenant_zh: string }>];
  const facts = meta.results[0]!;
  const ids = letters.results.map((l) => l.id);
  const mark = newChangeMark();
  const [marked] = await d1.batch([
    d1.prepare(`UPDATE campaign_letters SET printed_at = ?1, change_mark = ?2
      WHERE id IN (SELECT value FROM json_each(?3)) AND printed_at IS NULL`).bind(Date.now(), mark, JSON.stringify(ids)),
    countChanged(d1, 'sent', 'print', ids, mark),
    prepared(d1, auditEntry(c, {
      action: 'campaign.print', subjectType: 'campaign', subjectId: campaign.id, detail: { homeUnitId, letters: ids.length },
    })),
  ]);
  const origin = new URL(c.req.url).origin;
  const typed = new URL('/l', origin);
  const printed = await Promise.all(letters.results.map(async (l) => {
    const url = `${origin}/l/${await signLetterToken(c.env, l.id, campaign.endsAt)}`;
    return { memberName: l.name, code: formatLetterCode(l.code), url, qrSvg: qrSvg(url, `二维码：${l.name}的家乡来信`).svg };
  }));
  const html = renderPrintRun({
    tenantZh: facts.tenant_zh, titleZh: campaign.titleZh, bodyZh: facts.body_zh, signatory: facts.signatory,
    dated: chineseDate(facts.starts_at), unitZh: unit.name_zh, typedAddress: `${typed.host}${typed.pathname}`, letters: printed,
  });
  return { html, letters: ids.length, printedNow: marked?.meta.changes ?? 0 };
}

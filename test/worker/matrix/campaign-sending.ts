// Authorization-matrix rows for sending a campaign: the home admin only; another tenant's home
// admin does not find it (404), every other role is refused before anything is looked at (403).
import { campaigns } from '../../../schema/index.ts';
import { db } from '../helpers.ts';
import { post, staffOnly, type Row } from './rows.ts';

let campaign: Promise<string> | undefined;
/** One draft, sent by the first home admin to ask; a second send (the console session) resumes it. */
const draft = () => (campaign ??= (async () => {
  const now = Date.now();
  const id = 'cmp_matrix_send';
  await db().insert(campaigns).values({
    id, tenantId: 'pizhou', titleZh: '家乡来信', bodyZh: '…', signatory: '组织部', startsAt: now, endsAt: now + 30 * 86_400_000,
    audience: { homeUnitIds: ['hu_gangshang_bei'] }, channels: ['print'], createdByKeyId: 'test', createdAt: now, updatedAt: now,
  });
  return id;
})());

export const campaignSendingRows: Record<string, Row> = {
  'POST /v1/campaigns/{id}/send': {
    request: post(async () => `/v1/campaigns/${await draft()}/send`, {}),
    expect: staffOnly({ otherTenant: 404, homeAdmin: 202 }),
  },
};

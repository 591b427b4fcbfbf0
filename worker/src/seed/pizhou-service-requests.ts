// Demo service requests (服务需求), so that `npm start` shows the flow: an open policy question
// at the Changzhou station, a credit referral shared with the bank's credit group and being
// handled, and a resolved social-insurance transfer in Suzhou. Fixed ids: reseeding adds nothing.
import {
  partners, SERVICE_REQUEST_CONSENT, SERVICE_REQUEST_SHARE_CONSENT, serviceRequestNotes, serviceRequests,
} from '../../../schema/index.ts';
import { chunkedInserts, type Database } from '../db.ts';
import { memberRows, TENANT_ID } from './pizhou.ts';

const day = (d: number, h = 9) => Date.UTC(2026, 10, d, h - 8); // Beijing time, November 2026

/** The bank whose credit group guaranteed a member's business loan in the Pizhou case. */
export const bankPartner: typeof partners.$inferInsert = {
  id: 'pt_pizhou_bank', tenantId: TENANT_ID, nameZh: '邳州农商银行信贷小组', nameEn: 'Pizhou Rural Commercial Bank credit group',
};

/** A filed request (no check-in), with the scope columns its member gives it (schema/tables.ts). */
const request = (r: Omit<typeof serviceRequests.$inferInsert, 'tenantId' | 'consentVersion' | 'createdByKeyId' | 'updatedAt'> & { updatedAt?: number }) => {
  const member = memberRows.find((m) => m.id === r.memberId)!;
  return {
    tenantId: TENANT_ID, consentVersion: SERVICE_REQUEST_CONSENT.version, createdByKeyId: 'key_demo_pk', ...r, updatedAt: r.updatedAt ?? r.createdAt,
    homeUnitId: member.homeUnitId, homeTownId: member.homeTownId, memberBranchId: member.hostBranchId,
  };
};

export const serviceRequestRows = [
  request({
    id: 'sr_demo_policy', memberId: 'mb_demo_09', category: 'policy', status: 'open', reference: 'SR-DEM00001',
    cityId: `${TENANT_ID}_changzhou`, committeeId: 'cm_changzhou', stationId: 'st_changzhou', submittedName: '郑浩',
    description: '在凌家塘市场开了水果批发档口，想了解个体工商户今年的减税政策和申报方式。', createdAt: day(20),
  }),
  request({
    id: 'sr_demo_credit', memberId: 'mb_demo_01', category: 'credit', status: 'assigned', reference: 'SR-DEM00002',
    cityId: `${TENANT_ID}_changzhou`, committeeId: 'cm_changzhou', stationId: 'st_changzhou', submittedName: '张伟',
    description: '冷库扩建需要约50万元经营贷款，希望驿站推荐给农商银行信贷小组。',
    sharedWithPartnerId: bankPartner.id, shareConsentVersion: SERVICE_REQUEST_SHARE_CONSENT.version, sharedAt: day(18),
    assignee: '驿站金融服务专员', createdAt: day(18), updatedAt: day(19),
  }),
  request({
    id: 'sr_demo_insurance', memberId: 'mb_demo_02', category: 'social_insurance', status: 'resolved', reference: 'SR-DEM00003',
    cityId: `${TENANT_ID}_suzhou`, committeeId: 'cm_suzhou', stationId: 'st_suzhou', submittedName: '李娜',
    description: '从邳州转到苏州工作，医保怎么转移接续？', assignee: '社保转接志愿者',
    resolution: '已指导通过国家医保服务平台办理转移接续，苏州参保已生效。', createdAt: day(10), updatedAt: day(14),
  }),
];

const noteRows: (typeof serviceRequestNotes.$inferInsert)[] = [
  { id: 'srn_demo_credit', tenantId: TENANT_ID, requestId: 'sr_demo_credit', keyId: 'key_demo_sk', role: 'home_admin',
    text: '已核实经营执照和流水，转银行信贷小组，约下周面谈。', createdAt: day(19) },
];

/** The statements that add them, for the seed's one batch (after members and partners). */
export const serviceRequestSeed = (db: Database) => [
  ...chunkedInserts(db, partners, [bankPartner]),
  ...chunkedInserts(db, serviceRequests, serviceRequestRows),
  ...chunkedInserts(db, serviceRequestNotes, noteRows),
];

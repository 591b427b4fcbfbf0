// Local-only demo staff, one per role, documented in the README: they sign in to the console with
// the code `npm start` prints from the SMS outbox. Never seed them into a deployment.
import type { Role } from '../../../schema/index.ts';
import { staffGrants, staffUsers } from '../../../schema/index.ts';
import { TENANT_ID } from './pizhou.ts';

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];

/** [user id, name, mobile, role, node]: the same nodes the demo keys and the tests use. */
export const demoStaff: readonly (readonly [string, string, string, Role, string | null])[] = [
  ['su_demo_admin', '县委组织部 管理员', '13900000001', 'home_admin', null],
  ['su_demo_town', '港上镇 王干事', '13900000002', 'town_staff', 'hu_gangshang'],
  ['su_demo_village', '港上北村 李主任', '13900000003', 'village_staff', 'hu_gangshang_bei'],
  ['su_demo_committee', '苏州流动党员工委 赵书记', '13900000004', 'committee_secretary', 'cm_suzhou'],
  ['su_demo_branch', '凌家塘支部 陈书记', '13900000005', 'branch_secretary', 'br_cz_lingjiatang'],
  ['su_demo_station', '常州服务站 周站长', '13900000006', 'station_manager', 'st_changzhou'],
  ['su_demo_partner', '常州邳州商会 孙秘书长', '13900000007', 'partner', 'pt_cz_chamber'],
];

/** Fixed times: reseeding changes nothing. */
const SEEDED_AT = new Date(Date.UTC(2026, 0, 1));

export const staffUserRows: Row<typeof staffUsers>[] = demoStaff.map(([id, name, mobile]) => ({
  id, tenantId: TENANT_ID, name, email: `${id}@staff.invalid`, phoneNumber: mobile, phoneNumberVerified: true,
  createdAt: SEEDED_AT, updatedAt: SEEDED_AT,
}));

export const staffGrantRows: Row<typeof staffGrants>[] = demoStaff.map(([id, , , role, node]) => ({
  id: `sg_${id.slice(3)}`, tenantId: TENANT_ID, userId: id, role, scopeNodeId: node, createdBy: 'seed', createdAt: SEEDED_AT.getTime(),
}));

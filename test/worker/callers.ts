// Every kind of caller the authorization matrix tries: a key per role at a node of the Pizhou
// trees, and the callers that must be refused or see nothing personal.
import { eq } from 'drizzle-orm';
import { apiKeys, partnerConsents, partners, tenants } from '../../schema/index.ts';
import type { NewKey } from '../../worker/src/access/keys.ts';
import { memberRows } from '../../worker/src/seed/pizhou.ts';
import { db, issueTestKey, PK, seed } from './helpers.ts';

export const callerNames = [
  'anonymous', 'revoked', 'publishable', 'publishableWrongOrigin', 'otherTenant',
  'homeAdmin', 'townStaff', 'villageStaff', 'committeeSecretary', 'branchSecretary',
  'stationManager', 'partner', 'partnerWithoutConsent', 'readOnlyAdmin',
] as const;
export type CallerName = (typeof callerNames)[number];

/** How each caller sends its key: headers to add to a request, and/or a `?key=` to append. */
export type Caller = { headers: Record<string, string>; queryKey?: string };

/**
 * Callers that must never receive a member's personal data, on any endpoint but the few whose
 * matrix row names them in `personalDataFor`.
 */
export const seesNoPersonalData: ReadonlySet<CallerName> = new Set([
  'anonymous', 'revoked', 'publishable', 'publishableWrongOrigin', 'otherTenant', 'stationManager', 'partnerWithoutConsent',
]);

/** The member every personal-data endpoint is tried on: 张伟 of 港上北村, in Changzhou (凌家塘). */
export const SUBJECT = 'mb_demo_01';
/** Strings that betray personal data if they appear in a response. */
export const personalMarkers = memberRows.flatMap((m) => [m.name, m.mobile]);

const bearer = (token: string): Caller => ({ headers: { Authorization: `Bearer ${token}` } });

export { issueTestKey };
const key = async (k: Omit<NewKey, 'label' | 'mode'>) => (await issueTestKey(k)).token;

export async function setUpCallers(): Promise<Record<CallerName, Caller>> {
  await seed();
  const d = db();
  await d.insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' }).onConflictDoNothing();
  await d.insert(partners).values([
    { id: 'pt_matrix_chamber', tenantId: 'pizhou', nameZh: '常州邳州商会', nameEn: 'Pizhou Chamber in Changzhou' },
    { id: 'pt_matrix_bank', tenantId: 'pizhou', nameZh: '某农商行', nameEn: 'A rural commercial bank' },
  ]).onConflictDoNothing();
  await d.insert(partnerConsents).values({
    tenantId: 'pizhou', partnerId: 'pt_matrix_chamber', memberId: SUBJECT, consentVersion: 'share-v1', grantedAt: Date.now(),
  }).onConflictDoNothing();
  const t = 'pizhou';
  const revoked = await issueTestKey({ tenantId: t, kind: 'secret', role: 'home_admin' });
  await d.update(apiKeys).set({ revokedAt: Date.now() }).where(eq(apiKeys.id, revoked.id));
  return {
    anonymous: { headers: {} },
    revoked: bearer(revoked.token),
    publishable: { headers: { Origin: 'http://localhost:5173' }, queryKey: PK },
    publishableWrongOrigin: { headers: { Origin: 'https://evil.example' }, queryKey: PK },
    otherTenant: bearer(await key({ tenantId: 'elsewhere', kind: 'secret', role: 'home_admin' })),
    homeAdmin: bearer(await key({ tenantId: t, kind: 'secret', role: 'home_admin' })),
    townStaff: bearer(await key({ tenantId: t, kind: 'secret', role: 'town_staff', scopeNodeId: 'hu_gangshang' })),
    villageStaff: bearer(await key({ tenantId: t, kind: 'secret', role: 'village_staff', scopeNodeId: 'hu_gangshang_bei' })),
    committeeSecretary: bearer(await key({ tenantId: t, kind: 'secret', role: 'committee_secretary', scopeNodeId: 'cm_suzhou' })),
    branchSecretary: bearer(await key({ tenantId: t, kind: 'secret', role: 'branch_secretary', scopeNodeId: 'br_cz_lingjiatang' })),
    stationManager: bearer(await key({ tenantId: t, kind: 'secret', role: 'station_manager', scopeNodeId: 'st_changzhou' })),
    partner: bearer(await key({ tenantId: t, kind: 'secret', role: 'partner', scopeNodeId: 'pt_matrix_chamber' })),
    partnerWithoutConsent: bearer(await key({ tenantId: t, kind: 'secret', role: 'partner', scopeNodeId: 'pt_matrix_bank' })),
    readOnlyAdmin: bearer(await key({ tenantId: t, kind: 'secret', role: 'home_admin', scopes: ['read_only'] })),
  };
}

// Every kind of caller the authorization matrix tries: a key per role at a node of the Pizhou
// trees, and the callers that must be refused or see nothing personal.
import { eq } from 'drizzle-orm';
import { apiKeys, partnerConsents, partners, staffGrants, staffUsers, tenants, type Role } from '../../schema/index.ts';
import type { NewKey } from '../../worker/src/access/keys.ts';
import { memberRows } from '../../worker/src/seed/pizhou.ts';
import { db, issueTestKey, PK, seed } from './helpers.ts';
import { signIn } from './staff-helpers.ts';

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

/** The callers that have a role: as console sessions, each a staff user with that grant. */
const sessionStaff: Partial<Record<CallerName, { tenantId: string; role: Role; node: string | null; mobile: string }>> = {
  otherTenant: { tenantId: 'elsewhere', role: 'home_admin', node: null, mobile: '13900000101' },
  homeAdmin: { tenantId: 'pizhou', role: 'home_admin', node: null, mobile: '13900000102' },
  townStaff: { tenantId: 'pizhou', role: 'town_staff', node: 'hu_gangshang', mobile: '13900000103' },
  villageStaff: { tenantId: 'pizhou', role: 'village_staff', node: 'hu_gangshang_bei', mobile: '13900000104' },
  committeeSecretary: { tenantId: 'pizhou', role: 'committee_secretary', node: 'cm_suzhou', mobile: '13900000105' },
  branchSecretary: { tenantId: 'pizhou', role: 'branch_secretary', node: 'br_cz_lingjiatang', mobile: '13900000106' },
  stationManager: { tenantId: 'pizhou', role: 'station_manager', node: 'st_changzhou', mobile: '13900000107' },
  partner: { tenantId: 'pizhou', role: 'partner', node: 'pt_matrix_chamber', mobile: '13900000108' },
  partnerWithoutConsent: { tenantId: 'pizhou', role: 'partner', node: 'pt_matrix_bank', mobile: '13900000109' },
};

/**
 * The same callers with every role played by a console session instead of a key (signed in by
 * SMS code, its cookie and the console's origin on each request). A read-only key has no session
 * counterpart (grants are never narrowed), nor do the callers without a role.
 */
export async function asSessions(keys: Record<CallerName, Caller>): Promise<Record<CallerName, Caller>> {
  const now = new Date();
  const sessions = { ...keys };
  for (const [name, s] of Object.entries(sessionStaff) as [CallerName, NonNullable<(typeof sessionStaff)[CallerName]>][]) {
    const userId = `su_matrix_${name}`;
    await db().insert(staffUsers).values({
      id: userId, tenantId: s.tenantId, name, email: `${userId}@staff.invalid`, phoneNumber: s.mobile, phoneNumberVerified: true, createdAt: now, updatedAt: now,
    }).onConflictDoNothing();
    await db().insert(staffGrants).values({ id: `sg_matrix_${name}`, tenantId: s.tenantId, userId, role: s.role, scopeNodeId: s.node, createdBy: 'test' })
      .onConflictDoNothing();
    sessions[name] = { headers: (await signIn(s.mobile)).headers };
  }
  return sessions;
}

/**
 * A home admin's secret key for the matrix's own setup (the check-ins, requests and imports each
 * row acts on), from a pool used in turn: the rows make hundreds a minute, more than one key's
 * rate limit allows.
 */
export async function setupKey(): Promise<string> {
  setupKeys ??= Promise.all(Array.from({ length: 4 }, () => key({ tenantId: 'pizhou', kind: 'secret', role: 'home_admin' })));
  const pool = await setupKeys;
  return pool[setupTurn++ % pool.length]!;
}
let setupKeys: Promise<string[]> | undefined;
let setupTurn = 0;

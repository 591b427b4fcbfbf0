// What the check-in form needs to render: consent text, the home tree, the choices, and how to
// verify a human and the mobile. Public: no personal data.
import { eq, sql } from 'drizzle-orm';
import {
  CHECK_IN_CONSENT, homeUnits, memberCategories, mobileVerificationSettings, serviceCategories, tenants, type CheckInForm,
} from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import type { HumanVerifier } from '../verification/types.ts';

export async function checkInForm(db: Database, tenantId: string, verifier: HumanVerifier): Promise<CheckInForm> {
  const [tenantRows, units] = await db.batch([
    db.select({ privacyNoticeUrl: tenants.privacyNoticeUrl }).from(tenants).where(eq(tenants.id, tenantId)),
    // Insertion order: the order the organisation lists its towns and villages in.
    db.select({ id: homeUnits.id, parentId: homeUnits.parentId, kind: homeUnits.kind, zh: homeUnits.nameZh, en: homeUnits.nameEn })
      .from(homeUnits).where(eq(homeUnits.tenantId, tenantId)).orderBy(sql`rowid`),
  ]);
  const towns = units.filter((u) => u.kind === 'town').map((t) => ({
    id: t.id, name: { zh: t.zh, en: t.en },
    villages: units.filter((v) => v.kind === 'village' && v.parentId === t.id).map((v) => ({ id: v.id, name: { zh: v.zh, en: v.en } })),
  }));
  return {
    consent: { version: CHECK_IN_CONSENT.version, text: { ...CHECK_IN_CONSENT.text } },
    privacyNoticeUrl: tenantRows[0]?.privacyNoticeUrl ?? null,
    homeUnits: towns,
    categories: [...memberCategories],
    needs: [...serviceCategories],
    verification: { provider: verifier.provider, siteKey: verifier.siteKey },
    mobileVerification: mobileVerificationSettings,
  };
}

// What a poster shows about its branch or station, and whose it is: one D1 round trip.
import { and, eq } from 'drizzle-orm';
import { branches, stations, tenants, type LocalizedText } from '../../../schema/index.ts';
import type { Database } from '../db.ts';
import type { PosterSubject } from './check-in-url.ts';

export type PosterFacts = { tenant: LocalizedText; name: LocalizedText; address: LocalizedText; phone: string | null };

/** The subject's facts, or undefined for an unknown id or one of another tenant. */
export async function posterFacts(db: Database, tenantId: string, subject: PosterSubject): Promise<PosterFacts | undefined> {
  const table = subject.kind === 'branch' ? branches : stations;
  const [[place], [tenant]] = await db.batch([
    db.select({
      nameZh: table.nameZh, nameEn: table.nameEn, addressZh: table.addressZh, addressEn: table.addressEn, phone: table.officePhone,
    }).from(table).where(and(eq(table.tenantId, tenantId), eq(table.id, subject.id))).limit(1),
    db.select({ zh: tenants.nameZh, en: tenants.nameEn }).from(tenants).where(eq(tenants.id, tenantId)).limit(1),
  ]);
  if (!place || !tenant) return undefined;
  return {
    tenant,
    name: { zh: place.nameZh, en: place.nameEn },
    address: { zh: place.addressZh, en: place.addressEn },
    phone: place.phone,
  };
}

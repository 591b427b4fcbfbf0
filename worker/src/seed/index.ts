// Inserts the demo tenant. Used by `npm start` (through wrangler's local D1) and by the tests.
import {
  apiKeys, branches, committees, homeUnits, hostCities, members, partnerConsents, partners, positionColumns, stations, tenants,
  stationHourExceptions, stationHours, stationServices, staffGrants, staffUsers, volunteerTeams,
} from '../../../schema/index.ts';
import { and, eq, isNull } from 'drizzle-orm';
import { chunkedInserts, type Database } from '../db.ts';
import { prepareKey } from '../access/keys.ts';
import * as pizhou from './pizhou.ts';
import * as pizhouStations from './pizhou-stations.ts';
import { serviceRequestSeed } from './pizhou-service-requests.ts';
import { staffGrantRows, staffUserRows } from './pizhou-staff.ts';
import { recountRoster } from '../data/scope-copies.ts';
import { seedDemoCampaign } from './pizhou-campaign.ts';
import { branchSearchText } from '../data/branches.ts';


export async function seedPizhou(db: Database): Promise<void> {
  const t = pizhou.TENANT_ID;
  const cityNames = new Map(pizhou.cities.map((c) => [c.id, [c.nameZh, c.nameEn]]));
  const keys = await Promise.all(pizhou.demoKeys.map(async ({ id, ...k }) => ({ ...(await prepareKey(k)).row, id })));
  const statements = [
    ...chunkedInserts(db, tenants, [pizhou.tenant]),
    ...chunkedInserts(db, apiKeys, keys),
    ...chunkedInserts(db, hostCities, pizhou.cities),
    ...chunkedInserts(db, committees, pizhou.committeeRows),
    ...chunkedInserts(db, branches, pizhou.branchRows.map((b) => ({
      ...b, ...positionColumns(b.lat, b.lng), tenantId: t, searchText: branchSearchText(b, cityNames.get(b.cityId) ?? []),
    }))),
    ...chunkedInserts(db, stations, pizhou.stationRows.map((s) => ({
      ...s, ...pizhouStations.stationDetails[s.id], ...positionColumns(s.lat, s.lng), tenantId: t,
    }))),
    // A local D1 seeded before the directory existed has these stations without details: fill
    // them once (only while still blank, so later edits stay).
    ...pizhou.stationRows.map((s) => db.update(stations).set(pizhouStations.stationDetails[s.id]!)
      .where(and(eq(stations.id, s.id), eq(stations.descriptionZh, '')))),
    ...chunkedInserts(db, stationServices, pizhouStations.serviceRows),
    ...chunkedInserts(db, stationHours, pizhouStations.hourRows.map((h, i) => ({ ...h, id: i + 1, tenantId: t })) /* fixed ids: reseeding adds nothing */),
    ...chunkedInserts(db, stationHourExceptions, pizhouStations.exceptionRows.map((e) => ({ ...e, tenantId: t }))),
    ...chunkedInserts(db, volunteerTeams, pizhouStations.teamRows.map((v) => ({ ...v, tenantId: t }))),
    ...chunkedInserts(db, homeUnits, pizhou.homeUnitRows),
    ...chunkedInserts(db, members, pizhou.memberRows),
    ...chunkedInserts(db, partners, pizhou.partnerRows),
    ...chunkedInserts(db, partnerConsents, pizhou.partnerConsentRows),
    ...serviceRequestSeed(db),
    ...chunkedInserts(db, staffUsers, staffUserRows),
    ...chunkedInserts(db, staffGrants, staffGrantRows),
    // 港上北村's demo staffer is its contact person for mobile members: its lost-contact cases go to them.
    db.update(homeUnits).set({ contactUserId: 'su_demo_village' }).where(and(eq(homeUnits.id, 'hu_gangshang_bei'), isNull(homeUnits.contactUserId))),
    // Members came in bulk above, past the per-member upkeep: count them.
    ...recountRoster(db, t),
  ];
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
  await seedDemoCampaign(db);
}

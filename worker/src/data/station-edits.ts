// Staff edits of the station directory. Each edit is one D1 batch with its audit entry (the
// change and its record commit together), then the station is read back in its public shape.
// A station out of the key's scope is 404, as if it did not exist.
import type { z } from '@hono/zod-openapi';
import { and, eq, sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Context } from 'hono';
import {
  auditLog, committees, hostCities, positionColumns, serviceRequests, stationHourExceptions, stationHours, stations, stationServices, volunteerTeams,
  type Station, type StationCreate, type StationHoursPut, type StationServiceCreate, type StationServiceUpdate,
  type StationUpdate, type VolunteerTeamsPut,
} from '../../../schema/index.ts';
import { auditEntry, auditSelect } from '../access/audit.ts';
import { mayCreateStation, mayEditStation } from '../access/station-scope.ts';
import { chunkedInserts, database, errorMessages, inIdList } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { getStation } from './stations.ts';

type C = Context<AppEnv>;
type Out<T extends z.ZodType> = z.output<T>;
type Work = [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]];

const newId = (prefix: string) =>
  `${prefix}_${[...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('')}`;

/** The station if the key may edit it; otherwise 404. */
async function editable(c: C, id: string) {
  const [row] = await database(c.env.DB).select({ id: stations.id, committeeId: stations.committeeId }).from(stations)
    .where(and(eq(stations.tenantId, c.var.key.tenantId), eq(stations.id, id))).limit(1);
  if (!row || !mayEditStation(c.var.key, row)) throw notFound('The station');
  return row;
}

/** Runs the batch and returns the station as the public reads show it. */
async function commit(c: C, stationId: string, work: Work): Promise<Station> {
  const db = database(c.env.DB);
  await db.batch(work);
  const station = await getStation(db, c.var.key.tenantId, stationId);
  if (!station) throw notFound('The station');
  return station;
}

const pair = (t: { zh: string; en: string } | undefined, zh: string, en: string) => (t ? { [zh]: t.zh, [en]: t.en } : {});

export async function updateStation(c: C, id: string, u: Out<typeof StationUpdate>): Promise<Station> {
  await editable(c, id);
  const db = database(c.env.DB);
  const set: Partial<typeof stations.$inferInsert> = {
    ...pair(u.name, 'nameZh', 'nameEn'),
    ...pair(u.description, 'descriptionZh', 'descriptionEn'),
    ...pair(u.address, 'addressZh', 'addressEn'),
    ...(u.position ? positionColumns(u.position.lat, u.position.lng) : {}),
    ...(u.officePhone !== undefined ? { officePhone: u.officePhone } : {}),
    ...(u.officeEmail !== undefined ? { officeEmail: u.officeEmail } : {}),
    ...(u.timeZone !== undefined ? { timeZone: u.timeZone } : {}),
    ...(u.alert !== undefined ? { alertZh: u.alert?.zh ?? null, alertEn: u.alert?.en ?? null } : {}),
  };
  return commit(c, id, [
    db.update(stations).set(set).where(and(eq(stations.tenantId, c.var.key.tenantId), eq(stations.id, id))),
    auditEntry(c, { action: 'station.update', subjectType: 'station', subjectId: id, detail: { changes: u } }),
  ]);
}

export async function createStation(c: C, body: Out<typeof StationCreate>): Promise<Station> {
  const key = c.var.key;
  const db = database(c.env.DB);
  // A committee secretary's station hangs off their committee unless they say otherwise.
  const committeeId = body.committeeId !== undefined ? body.committeeId : key.role === 'committee_secretary' ? key.scopeNodeId : null;
  if (!mayCreateStation(key, committeeId)) {
    throw new HttpError(403, 'forbidden', 'Stations are opened by the home admin, or by a committee secretary under their own committee.');
  }
  const id = body.id ?? newId('st');
  const [city, committee, existing] = await db.batch([
    db.select({ id: hostCities.id }).from(hostCities).where(and(eq(hostCities.tenantId, key.tenantId), eq(hostCities.id, body.cityId))),
    db.select({ id: committees.id }).from(committees).where(and(eq(committees.tenantId, key.tenantId), eq(committees.id, committeeId ?? ''))),
    db.select({ id: stations.id }).from(stations).where(eq(stations.id, id)),
  ]);
  if (city.length === 0) throw notFound('The city');
  if (committeeId !== null && committee.length === 0) throw notFound('The committee');
  if (existing.length > 0) throw new HttpError(409, 'conflict', `A station ${id} already exists.`);
  const row: typeof stations.$inferInsert = {
    id, tenantId: key.tenantId, committeeId, cityId: body.cityId,
    nameZh: body.name.zh, nameEn: body.name.en, addressZh: body.address.zh, addressEn: body.address.en,
    ...positionColumns(body.position.lat, body.position.lng),
    descriptionZh: body.description?.zh ?? '', descriptionEn: body.description?.en ?? '',
    officePhone: body.officePhone ?? null, officeEmail: body.officeEmail ?? null, timeZone: body.timeZone,
    alertZh: body.alert?.zh ?? null, alertEn: body.alert?.en ?? null,
  };
  try {
    return await commit(c, id, [
      db.insert(stations).values(row),
      auditEntry(c, { action: 'station.create', subjectType: 'station', subjectId: id, detail: { city: body.cityId, committee: committeeId } }),
    ]);
  } catch (err) {
    // Another request took the id between our check and the insert.
    if (/UNIQUE constraint failed/.test(errorMessages(err))) throw new HttpError(409, 'conflict', `A station ${id} already exists.`);
    throw err;
  }
}

const serviceColumns = (s: Partial<Out<typeof StationServiceCreate>>): Partial<typeof stationServices.$inferInsert> => ({
  ...(s.category ? { category: s.category } : {}),
  ...pair(s.description, 'descriptionZh', 'descriptionEn'),
  ...pair(s.eligibility, 'eligibilityZh', 'eligibilityEn'),
  ...pair(s.howToApply, 'howToApplyZh', 'howToApplyEn'),
  ...(s.languages ? { languages: [...new Set(s.languages)].join(',') } : {}),
  ...(s.fees !== undefined ? { feesZh: s.fees?.zh ?? null, feesEn: s.fees?.en ?? null } : {}),
});

export async function createService(c: C, stationId: string, body: Out<typeof StationServiceCreate>): Promise<Station> {
  await editable(c, stationId);
  const db = database(c.env.DB);
  const id = newId('sv');
  const row = { ...serviceColumns(body), id, tenantId: c.var.key.tenantId, stationId } as typeof stationServices.$inferInsert;
  return commit(c, stationId, [
    db.insert(stationServices).values(row),
    auditEntry(c, { action: 'station.service.create', subjectType: 'station', subjectId: stationId, detail: { service: id, category: body.category } }),
  ]);
}

/** The service's condition, after checking it belongs to the (editable) station. */
async function ownService(c: C, stationId: string, serviceId: string) {
  await editable(c, stationId);
  const where = and(eq(stationServices.tenantId, c.var.key.tenantId), eq(stationServices.stationId, stationId), eq(stationServices.id, serviceId));
  const [found] = await database(c.env.DB).select({ category: stationServices.category }).from(stationServices).where(where).limit(1);
  if (!found) throw notFound('The service');
  return { where, category: found.category };
}

export async function updateService(c: C, stationId: string, serviceId: string, u: Out<typeof StationServiceUpdate>): Promise<Station> {
  const { where } = await ownService(c, stationId, serviceId);
  const db = database(c.env.DB);
  return commit(c, stationId, [
    db.update(stationServices).set(serviceColumns(u)).where(where),
    auditEntry(c, { action: 'station.service.update', subjectType: 'station', subjectId: stationId, detail: { service: serviceId, changes: u } }),
  ]);
}

export async function deleteService(c: C, stationId: string, serviceId: string): Promise<Station> {
  const { where, category } = await ownService(c, stationId, serviceId);
  const db = database(c.env.DB);
  return commit(c, stationId, [
    db.delete(stationServices).where(where),
    auditEntry(c, { action: 'station.service.delete', subjectType: 'station', subjectId: stationId, detail: { service: serviceId, category } }),
  ]);
}

/** Replaces the weekly hours and every dated exception at once. */
export async function replaceHours(c: C, stationId: string, body: Out<typeof StationHoursPut>): Promise<Station> {
  await editable(c, stationId);
  const db = database(c.env.DB);
  const tenantId = c.var.key.tenantId;
  const mine = <T extends typeof stationHours | typeof stationHourExceptions>(t: T) => and(eq(t.tenantId, tenantId), eq(t.stationId, stationId));
  return commit(c, stationId, [
    db.delete(stationHours).where(mine(stationHours)),
    db.delete(stationHourExceptions).where(mine(stationHourExceptions)),
    ...chunkedInserts(db, stationHours, body.hours.map((h) => ({ tenantId, stationId, ...h }))),
    ...chunkedInserts(db, stationHourExceptions, body.exceptions.map((e) => ({
      tenantId, stationId, date: e.date, opens: e.opens, closes: e.closes, noteZh: e.note.zh, noteEn: e.note.en,
    }))),
    auditEntry(c, {
      action: 'station.hours.replace', subjectType: 'station', subjectId: stationId,
      detail: { hours: body.hours, exceptions: body.exceptions.map((e) => ({ date: e.date, opens: e.opens, closes: e.closes })) },
    }),
  ]);
}

/**
 * Replaces the station's volunteer teams: a team named by id is updated in place, a new one is
 * inserted, and only the teams left out are deleted. Service requests reference their team
 * (a foreign key D1 enforces), so a request assigned to a removed team loses the link in the
 * same batch: its free-text assignee gets the team's name added unless it already carries it,
 * and the request's history gets a `service_request.team_removed` entry.
 */
export async function replaceTeams(c: C, stationId: string, body: Out<typeof VolunteerTeamsPut>): Promise<Station> {
  await editable(c, stationId);
  const db = database(c.env.DB);
  const key = c.var.key;
  const tenantId = key.tenantId;
  const mine = and(eq(volunteerTeams.tenantId, tenantId), eq(volunteerTeams.stationId, stationId));
  const current = new Set((await db.select({ id: volunteerTeams.id }).from(volunteerTeams).where(mine)).map((t) => t.id));
  const strangers = body.teams.flatMap((t, i) => (t.id !== undefined && !current.has(t.id)
    ? [{ path: `teams.${i}.id`, message: 'Not a team of this station; leave the id out for a new team.' }] : []));
  if (strangers.length > 0) throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', strangers);
  const rows = body.teams.map((t) => ({
    id: t.id ?? newId('vt'), tenantId, stationId, nameZh: t.name.zh, nameEn: t.name.en, descriptionZh: t.description.zh, descriptionEn: t.description.en,
  }));
  const kept = rows.map((r) => r.id);
  const removed = [...current].filter((id) => !kept.includes(id));
  // Each list of ids binds as one JSON parameter, so no statement nears D1's 100.
  const gone = inIdList(serviceRequests.volunteerTeamId, removed);
  const affected = and(eq(serviceRequests.tenantId, tenantId), gone);
  const teamName = (column: typeof volunteerTeams.nameZh | typeof volunteerTeams.nameEn) =>
    sql`(select ${column} from ${volunteerTeams} where ${volunteerTeams.id} = ${serviceRequests.volunteerTeamId})`;
  const readable = sql`case when ${serviceRequests.assignee} is null or trim(${serviceRequests.assignee}) = '' then ${teamName(volunteerTeams.nameZh)}
    when instr(${serviceRequests.assignee}, ${teamName(volunteerTeams.nameZh)}) > 0 or instr(${serviceRequests.assignee}, ${teamName(volunteerTeams.nameEn)}) > 0 then ${serviceRequests.assignee}
    else ${serviceRequests.assignee} || '（' || ${teamName(volunteerTeams.nameZh)} || '）' end`;
  const now = Date.now();
  const unlink: BatchItem<'sqlite'>[] = removed.length === 0 ? [] : [
    // One history entry per request losing its team, written before the link is cleared.
    db.insert(auditLog).select(sql`${auditSelect(c, {
      at: now, action: 'service_request.team_removed', subjectType: 'service_request', subjectId: serviceRequests.id,
      detail: sql`json_object('team', ${serviceRequests.volunteerTeamId},
        'name', json_object('zh', ${teamName(volunteerTeams.nameZh)}, 'en', ${teamName(volunteerTeams.nameEn)}),
        'station', ${stationId}, 'assignee', ${readable})`,
    })} from ${serviceRequests} where ${affected}`),
    db.update(serviceRequests).set({ assignee: readable, volunteerTeamId: null, updatedAt: now }).where(affected),
    db.delete(volunteerTeams).where(and(mine, inIdList(volunteerTeams.id, removed))),
  ];
  return commit(c, stationId, [
    // Written first, so that it names the requests the batch unlinks.
    auditEntry(c, {
      action: 'station.teams.replace', subjectType: 'station', subjectId: stationId,
      detail: sql`json_object('teams', json(${JSON.stringify(kept)}), 'removed', json(${JSON.stringify(removed)}),
        'unassigned', (select json_group_array(${serviceRequests.id}) from ${serviceRequests} where ${removed.length === 0 ? sql`0` : affected}))`,
    }),
    ...unlink,
    ...rows.filter((r) => current.has(r.id)).map((r) => db.update(volunteerTeams)
      .set({ nameZh: r.nameZh, nameEn: r.nameEn, descriptionZh: r.descriptionZh, descriptionEn: r.descriptionEn })
      .where(and(mine, eq(volunteerTeams.id, r.id)))),
    ...chunkedInserts(db, volunteerTeams, rows.filter((r) => !current.has(r.id))),
  ]);
}

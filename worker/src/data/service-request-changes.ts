// Handling a service request: assign (and re-assign), resolve, close, and notes. A change is a
// conditional UPDATE (… WHERE status IN the states it may leave) batched with an audit insert
// that runs only if that UPDATE changed a row (`changes()`), so of two concurrent decisions
// exactly one wins and only the winner is audited; the loser gets 409 with the current status.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import {
  auditLog, serviceRequestNotes, serviceRequests, stations, volunteerTeams, type ServiceRequestNote, type StaffServiceRequest,
} from '../../../schema/index.ts';
import { auditEntry, auditSelect } from '../access/audit.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { HttpError, notFound } from '../errors.ts';
import { newId } from '../lib/crypto.ts';
import { enqueueWritten, notifyStatements } from '../notify/events.ts';
import { findInScope, reloadRequest, toStaffRequest } from './service-requests.ts';

type Status = (typeof serviceRequests.$inferSelect)['status'];
export type Change =
  | { kind: 'assign'; assignee: string; volunteerTeamId?: string | undefined }
  | { kind: 'resolve'; resolution: string }
  | { kind: 'close'; reason: string };

/** open → assigned (re-assign while assigned) → resolved; open|assigned → closed. */
const LEAVES: Record<Change['kind'], readonly Status[]> = {
  assign: ['open', 'assigned'], resolve: ['assigned'], close: ['open', 'assigned'],
};

const conflict = (status: Status, kind: Change['kind']) => {
  const hint = kind === 'resolve' && status === 'open' ? ' Assign it first.' : '';
  const verb = kind === 'assign' ? 'assigned' : kind === 'resolve' ? 'resolved' : 'closed';
  return new HttpError(409, 'conflict', `The request is ${status}; it cannot be ${verb} now.${hint}`, { status });
};

/** The audit insert for a change, run only if the statement before it in the batch changed a row. */
function auditIfChanged(c: Context<AppEnv>, action: string, subjectId: string, detail: Record<string, unknown>) {
  const values = auditSelect(c, { at: Date.now(), action, subjectType: 'service_request', subjectId, detail: JSON.stringify(detail) });
  return database(c.env.DB).insert(auditLog).select(sql`${values} where changes() > 0`);
}

/**
 * A volunteer team may handle a request if it works from the request's station; for a request
 * without one (routed to a committee or to the home org), from a station under the request's
 * committee, else from a station in its city. Anything else is a 400 saying which.
 */
async function requireTeam(c: Context<AppEnv>, teamId: string, row: { stationId: string | null; committeeId: string | null; cityId: string | null }) {
  const [team] = await database(c.env.DB).select({ stationId: volunteerTeams.stationId, committeeId: stations.committeeId, cityId: stations.cityId })
    .from(volunteerTeams).innerJoin(stations, eq(stations.id, volunteerTeams.stationId))
    .where(and(eq(volunteerTeams.tenantId, c.var.key.tenantId), eq(volunteerTeams.id, teamId))).limit(1);
  const [fits, message] = row.stationId !== null ? [team?.stationId === row.stationId, `Not a volunteer team of ${row.stationId}.`]
    : row.committeeId !== null ? [team?.committeeId === row.committeeId, `Not a volunteer team of a station under ${row.committeeId}.`]
    : row.cityId !== null ? [team?.cityId === row.cityId, `Not a volunteer team of a station in ${row.cityId}.`]
    : [false, 'This request has no station, committee or city, so no volunteer team fits it: assign it to a person, without volunteerTeamId.'];
  if (!fits) throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', [{ path: 'volunteerTeamId', message }]);
}

export async function changeServiceRequest(c: Context<AppEnv>, id: string, change: Change): Promise<StaffServiceRequest> {
  const db = database(c.env.DB);
  const t = c.var.key.tenantId;
  const row = await findInScope(db, c.var.key, id);
  if (!row) throw notFound('The service request');
  const from = LEAVES[change.kind];
  if (!from.includes(row.status)) throw conflict(row.status, change.kind);
  if (change.kind === 'assign' && change.volunteerTeamId) await requireTeam(c, change.volunteerTeamId, row);
  const now = Date.now();
  const set = change.kind === 'assign'
    ? { status: 'assigned' as const, assignee: change.assignee, volunteerTeamId: change.volunteerTeamId ?? null }
    : change.kind === 'resolve' ? { status: 'resolved' as const, resolution: change.resolution }
    : { status: 'closed' as const, closeReason: change.reason };
  const results = await db.batch([
    db.update(serviceRequests).set({ ...set, updatedAt: now })
      .where(and(eq(serviceRequests.tenantId, t), eq(serviceRequests.id, id), inArray(serviceRequests.status, from))),
    auditIfChanged(c, `service_request.${change.kind}`, id, { from: row.status, ...set }),
    ...(change.kind === 'resolve' ? notifyStatements(c.env, { tenantId: t, event: 'service_request.resolved', subjectId: id, now }) : []),
  ]);
  const after = await reloadRequest(db, c.var.key, id);
  if ((results[0] as D1Result).meta.changes === 0) throw conflict(after.status, change.kind);
  if (change.kind === 'resolve') await enqueueWritten(c.env, results);
  return toStaffRequest(after);
}

/** A staff note; notes never reach partners or the public. */
export async function addNote(c: Context<AppEnv>, id: string, text: string): Promise<ServiceRequestNote> {
  const db = database(c.env.DB);
  const key = c.var.key;
  if (!(await findInScope(db, key, id))) throw notFound('The service request');
  const note = { id: newId('srn'), text, keyId: key.id, role: key.role, createdAt: Date.now() };
  await db.batch([
    db.insert(serviceRequestNotes).values({ ...note, tenantId: key.tenantId, requestId: id }),
    db.update(serviceRequests).set({ updatedAt: note.createdAt }).where(and(eq(serviceRequests.tenantId, key.tenantId), eq(serviceRequests.id, id))),
    auditEntry(c, { action: 'service_request.note', subjectType: 'service_request', subjectId: id, detail: { note: note.id } }),
  ]);
  return note;
}

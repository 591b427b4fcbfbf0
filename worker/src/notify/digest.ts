// The staff digest: once a day, each secretary and station manager with work waiting gets one
// SMS with counts only (no names, no numbers) and the console's fixed address. Idempotent like
// the members' notifications: the event key is `digest:<China date>:<user>`, so a second run the
// same day writes nothing.
import { sql } from 'drizzle-orm';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { smsTemplateOn } from '../sms/index.ts';
import { enqueue } from './events.ts';
import { chinaDate } from './quiet-hours.ts';

/**
 * What waits for each live grant: a branch secretary's pending check-ins at their branch; a
 * committee secretary's pending check-ins at its branches and its open or assigned requests;
 * a station manager's open or assigned requests. Each count walks one index.
 */
const WAITING = sql`select g.user_id as user_id,
    sum(case g.role
      when 'branch_secretary' then (select count(*) from check_ins c where c.branch_id = g.scope_node_id and c.status = 'pending' and +c.tenant_id = g.tenant_id)
      when 'committee_secretary' then (select count(*) from check_ins c where c.branch_committee_id = g.scope_node_id and c.status = 'pending' and +c.tenant_id = g.tenant_id)
      else 0 end) as check_ins,
    sum(case g.role
      when 'committee_secretary' then (select count(*) from service_requests r where r.tenant_id = g.tenant_id and r.committee_id = g.scope_node_id and r.status in ('open', 'assigned'))
      when 'station_manager' then (select count(*) from service_requests r where r.tenant_id = g.tenant_id and r.station_id = g.scope_node_id and r.status in ('open', 'assigned'))
      else 0 end) as requests
  from staff_grants g
  where g.revoked_at is null and g.role in ('branch_secretary', 'committee_secretary', 'station_manager') and g.scope_node_id is not null
  group by g.user_id`;

/** Writes and enqueues today's digests; returns how many were written. */
export async function sendStaffDigests(env: AppEnv['Bindings'], now = Date.now()): Promise<number> {
  if (!smsTemplateOn(env, 'staff_digest')) return 0;
  const db = database(env.DB);
  const date = chinaDate(now);
  const written = await db.all<{ id: string }>(sql`insert into notifications
      (id, tenant_id, event, event_key, channel, recipient, subject_type, subject_id, params, template_id, status, attempts, created_at)
    select 'nt_' || lower(hex(randomblob(10))), u.tenant_id, 'staff.digest', 'digest:' || ${date} || ':' || u.id, 'sms', u.phone_number,
      'staff_user', u.id, json_object('checkIns', cast(w.check_ins as text), 'requests', cast(w.requests as text)), null, 'queued', 0, ${now}
    from (${WAITING}) w join staff_users u on u.id = w.user_id
    where (w.check_ins > 0 or w.requests > 0) and u.deactivated_at is null and u.phone_number is not null and u.phone_number_verified = 1
    on conflict do nothing
    returning id`);
  await enqueue(env, written.map((r) => r.id));
  return written.length;
}

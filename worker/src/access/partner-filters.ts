// Partners see a reduced record (docs/roles.md). A list filter on a field
// their view hides would tell them that field anyway: the page of ids `homeUnit=…` returns is the
// set of members from that home unit. So a partner may filter only on what its view shows.
import type { Context } from 'hono';
import type { AppEnv } from '../env.ts';
import { HttpError } from '../errors.ts';

/** Paging and order, not filtering: no field of a record (every row shows when it was filed). */
const PAGING = ['limit', 'cursor', 'order'];

/** `GET /v1/members`: the partner view shows category, but not the home unit or host branch. */
export const PARTNER_MEMBER_FILTERS: readonly string[] = ['category'];
/** `GET /v1/service-requests`: the partner view shows status, category and reference, but not the station routed to. */
export const PARTNER_SERVICE_REQUEST_FILTERS: readonly string[] = ['status', 'category', 'reference'];

/**
 * For a partner key, refuses (400 `validation_failed`, one `details` entry per parameter) every
 * filter of the validated `query` that is given and is neither paging nor in `shown`; other keys
 * pass. A list of what is allowed, not of what is hidden, so that a filter added to a list route
 * later is refused to partners until someone decides their view shows it.
 */
export function onlyShownFilters(c: Context<AppEnv>, query: Record<string, unknown>, shown: readonly string[]): void {
  if (c.var.key.role !== 'partner') return;
  const refused = Object.keys(query)
    .filter((name) => query[name] !== undefined && !PAGING.includes(name) && !shown.includes(name))
    .sort();
  if (refused.length === 0) return;
  throw new HttpError(400, 'validation_failed', 'Some parameters are invalid.', refused.map((path) => ({
    path,
    message: `A partner key may not filter on ${path}: the partner view does not show it (filters allowed: ${shown.join(', ') || 'none'}).`,
  })));
}

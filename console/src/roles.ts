// Which screens and which roster trees a role has. The server decides what a call may do; this only
// keeps the console from offering what the role would be refused.
import type { Role } from '../../schema/tables.ts';

export type Side = 'home' | 'host';
export type Screen = 'queue' | 'roster' | 'not-reported' | 'lost-contact' | 'organisation' | 'staff' | 'import' | 'service-desk' | 'stations'
  | 'data-requests' | 'keys' | 'audit' | 'campaigns';

/** The home side reads the home tree (towns → villages), the host side the host tree (committees → branches). */
const SIDES: Record<Side, readonly Role[]> = {
  home: ['home_admin', 'town_staff', 'village_staff'],
  host: ['home_admin', 'committee_secretary', 'branch_secretary'],
};
const STAFF: readonly Role[] = ['home_admin', 'town_staff', 'village_staff', 'committee_secretary', 'branch_secretary'];
/** `service_requests:write` and `stations:write` (worker/src/access/permissions.ts); a station manager has only these. */
const SERVICE_DESK: readonly Role[] = ['home_admin', 'committee_secretary', 'station_manager'];

/** The screens in the order of their tabs, with the roles that have them. */
const WHO: readonly (readonly [Screen, readonly Role[]])[] = [
  ['queue', STAFF],
  ['roster', STAFF],
  ['not-reported', STAFF],
  ['lost-contact', STAFF],
  // Each within its own node: every role with org:write (worker/src/data/organisation.ts).
  ['organisation', STAFF],
  ['staff', ['home_admin', 'committee_secretary']],
  ['import', ['home_admin', 'town_staff']],
  ['service-desk', SERVICE_DESK],
  ['stations', SERVICE_DESK],
  // 家乡来信: the home admin writes and sends; the other staff read their nodes' funnel.
  ['campaigns', STAFF],
  // Members' corrections and erasures: the whole organisation's (data_requests:* in permissions.ts).
  ['data-requests', ['home_admin']],
  // keys:manage and audit:read: the home admin's alone.
  ['keys', ['home_admin']],
  ['audit', ['home_admin']],
];

export const SCREENS: readonly Screen[] = WHO.map(([screen]) => screen);
export const screensFor = (role: Role): Screen[] => WHO.filter(([, roles]) => roles.includes(role)).map(([screen]) => screen);
export const sidesOf = (role: Role): Side[] => (['home', 'host'] as const).filter((side) => SIDES[side].includes(role));

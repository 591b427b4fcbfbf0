// What each kind of caller may do. Every keyed route names one permission (`requirePermission`);
// which rows it then sees is the role's scope (see member-scope.ts, check-in-scope.ts).
import type { KeyScope, Role } from '../../../schema/index.ts';
import type { ResolvedKey } from '../env.ts';

/**
 * Key scopes, plus permissions that are no scope of their own: a key narrowed by scopes has
 * them only through the scope named in `IMPLIED_BY`.
 */
export type Permission =
  | 'public:read' | 'check_ins:create' | 'check_ins:read' | 'service_requests:create' | 'staff:invite'
  | 'follow_ups:read' | 'follow_ups:write' | 'org:write' | 'data_requests:read' | 'data_requests:write' | 'my_data'
  | 'campaigns:read' | 'campaigns:write' | 'letters:open' | Exclude<KeyScope, 'read_only'>;

/** Every permission once (a record, so that the compiler refuses a permission left out). */
const EVERY_PERMISSION: Record<Permission, true> = {
  'public:read': true, 'check_ins:create': true, 'check_ins:read': true, 'service_requests:create': true, 'staff:invite': true,
  'follow_ups:read': true, 'follow_ups:write': true, 'org:write': true, 'data_requests:read': true, 'data_requests:write': true, 'my_data': true,
  'campaigns:read': true, 'campaigns:write': true, 'letters:open': true,
  'members:read': true, 'members:write': true, 'keys:manage': true, 'audit:read': true, 'stations:write': true,
  'service_requests:read': true, 'service_requests:write': true,
};
/**
 * For comparing what two keys may do (key management: no key may issue one that can do more).
 * Not `my_data`: it gives a publishable key nothing without a proof of the member's mobile, which
 * only an SMS code to that mobile yields, so it is no power a key could hand on. Nor `letters:open`:
 * it needs a letter's signed token or personal code, and shows no full name or mobile.
 */
export const ALL_PERMISSIONS = (Object.keys(EVERY_PERMISSION) as Permission[]).filter((p) => p !== 'my_data' && p !== 'letters:open');

const IMPLIED_BY: Partial<Record<Permission, KeyScope>> = {
  'check_ins:create': 'members:write',
  'check_ins:read': 'members:read',
  'service_requests:create': 'service_requests:write',
  'staff:invite': 'members:write',
  'follow_ups:read': 'members:read',
  'follow_ups:write': 'members:write',
  'org:write': 'members:write',
  'data_requests:read': 'members:read',
  'data_requests:write': 'members:write',
  'campaigns:read': 'members:read',
  'campaigns:write': 'members:write',
};

const WRITES: ReadonlySet<Permission> = new Set([
  'members:write', 'keys:manage', 'check_ins:create', 'stations:write', 'service_requests:write', 'service_requests:create', 'staff:invite', 'follow_ups:write', 'org:write', 'data_requests:write', 'campaigns:write',
]);

const STAFF: readonly Permission[] = [
  'public:read', 'members:read', 'members:write', 'check_ins:create', 'check_ins:read',
  'service_requests:read', 'service_requests:create', 'follow_ups:read', 'follow_ups:write',
  // Each within its own node (data/organisation.ts).
  'org:write',
  // The year's letter is the whole tenant's: every staff role reads it (docs/campaigns.md).
  'campaigns:read',
];
/** Who handles service requests (assign, note, resolve, close) and edits stations. */
const SERVICE_DESK: readonly Permission[] = ['stations:write', 'service_requests:write'];
const byRole: Record<Role, readonly Permission[]> = {
  // Members' data requests (copies, corrections, erasures) are the whole organisation's, and an
  // erasure cannot be undone: the home admin answers them (docs/privacy.md).
  // Campaigns (docs/campaigns.md) write to the whole organisation's members: the home admin makes and sends them.
  home_admin: [...STAFF, ...SERVICE_DESK, 'keys:manage', 'audit:read', 'staff:invite', 'data_requests:read', 'data_requests:write', 'campaigns:write'],
  town_staff: STAFF,
  village_staff: STAFF,
  // Invites the secretaries of the committee's branches (data/staff-invitations.ts).
  committee_secretary: [...STAFF, ...SERVICE_DESK, 'staff:invite'],
  branch_secretary: STAFF,
  // A station manager sees no members or check-ins: only the requests routed to the station.
  station_manager: ['public:read', 'service_requests:read', 'service_requests:create', ...SERVICE_DESK],
  // Partners check members in at their events, but never read check-ins (party identity with
  // place and time is more than the reduced record they see). They read only the service
  // requests of their key's category that members chose to share with them.
  partner: ['public:read', 'members:read', 'check_ins:create', 'service_requests:read', 'service_requests:create'],
};

/**
 * Publishable keys are for widgets: public reads, sending the check-in form or a request for help,
 * and a member's own data (`my_data`: with a proof of their mobile; no secret key acts as a member),
 * and their letter from home (`letters:open`: with its token or code; opening it is the member's act).
 */
const PUBLISHABLE: readonly Permission[] = ['public:read', 'check_ins:create', 'service_requests:create', 'my_data', 'letters:open'];

export function allows(key: ResolvedKey, permission: Permission): boolean {
  if (key.kind === 'publishable') return PUBLISHABLE.includes(permission);
  if (!key.role || !byRole[key.role].includes(permission)) return false;
  if (!key.scopes) return true;
  if (key.scopes.includes('read_only') && WRITES.has(permission)) return false;
  const narrowed = key.scopes.filter((s) => s !== 'read_only');
  const needed = IMPLIED_BY[permission] ?? permission;
  return permission === 'public:read' || narrowed.length === 0 || (narrowed as string[]).includes(needed);
}

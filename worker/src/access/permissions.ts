// What each kind of caller may do. Every keyed route names one permission (`requirePermission`);
// which rows it then sees is the role's scope (see member-scope.ts, check-in-scope.ts).
import type { KeyScope, Role } from '../../../schema/index.ts';
import type { ResolvedKey } from './api-key.ts';

/**
 * Key scopes, plus permissions that are no scope of their own: a key narrowed by scopes has
 * them only through the scope named in `IMPLIED_BY`.
 */
export type Permission = 'public:read' | 'check_ins:create' | 'check_ins:read' | Exclude<KeyScope, 'read_only'>;

const IMPLIED_BY: Partial<Record<Permission, KeyScope>> = {
  'check_ins:create': 'members:write',
  'check_ins:read': 'members:read',
};

const WRITES: ReadonlySet<Permission> = new Set(['members:write', 'keys:manage', 'check_ins:create']);

const STAFF: readonly Permission[] = ['public:read', 'members:read', 'members:write', 'check_ins:create', 'check_ins:read'];
const byRole: Record<Role, readonly Permission[]> = {
  home_admin: [...STAFF, 'keys:manage', 'audit:read'],
  town_staff: STAFF,
  village_staff: STAFF,
  committee_secretary: STAFF,
  branch_secretary: STAFF,
  station_manager: ['public:read'],
  // Partners check members in at their events, but never read check-ins (party identity with
  // place and time is more than the reduced record they see).
  partner: ['public:read', 'members:read', 'check_ins:create'],
};

/** Publishable keys are for widgets: public reads, and sending the check-in form. */
const PUBLISHABLE: readonly Permission[] = ['public:read', 'check_ins:create'];

export function allows(key: ResolvedKey, permission: Permission): boolean {
  if (key.kind === 'publishable') return PUBLISHABLE.includes(permission);
  if (!key.role || !byRole[key.role].includes(permission)) return false;
  if (!key.scopes) return true;
  if (key.scopes.includes('read_only') && WRITES.has(permission)) return false;
  const narrowed = key.scopes.filter((s) => s !== 'read_only');
  const needed = IMPLIED_BY[permission] ?? permission;
  return permission === 'public:read' || narrowed.length === 0 || (narrowed as string[]).includes(needed);
}

// What each kind of caller may do. Every keyed route names one permission (`requirePermission`);
// which rows it then sees is the role's scope (see member-scope.ts).
import type { KeyScope, Role } from '../../../schema/index.ts';
import type { ResolvedKey } from './api-key.ts';

export type Permission = 'public:read' | Exclude<KeyScope, 'read_only'>;

const WRITES: ReadonlySet<Permission> = new Set(['members:write', 'keys:manage']);

const byRole: Record<Role, readonly Permission[]> = {
  home_admin: ['public:read', 'members:read', 'members:write', 'keys:manage', 'audit:read'],
  town_staff: ['public:read', 'members:read', 'members:write'],
  village_staff: ['public:read', 'members:read', 'members:write'],
  committee_secretary: ['public:read', 'members:read', 'members:write'],
  branch_secretary: ['public:read', 'members:read', 'members:write'],
  station_manager: ['public:read'],
  partner: ['public:read', 'members:read'],
};

/** Publishable keys are for widgets: public reads only (a later issue adds creating a check-in). */
const PUBLISHABLE: readonly Permission[] = ['public:read'];

export function allows(key: ResolvedKey, permission: Permission): boolean {
  if (key.kind === 'publishable') return PUBLISHABLE.includes(permission);
  if (!key.role || !byRole[key.role].includes(permission)) return false;
  if (!key.scopes) return true;
  if (key.scopes.includes('read_only') && WRITES.has(permission)) return false;
  const narrowed = key.scopes.filter((s) => s !== 'read_only');
  return permission === 'public:read' || narrowed.length === 0 || (narrowed as string[]).includes(permission);
}

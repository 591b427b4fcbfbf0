// Who may load members from a file, and which rows: the home admin anywhere in the tenant, town
// staff only members of their own town. Every other role is refused (403), even with
// `members:write`: an import writes the home side of the roster, which only these two keep.
import type { ResolvedKey } from '../env.ts';
import { HttpError } from '../errors.ts';

/** Where an import may write: the whole tenant, or one town (its villages included). */
export type ImportScope = { kind: 'tenant' } | { kind: 'town'; townId: string };

/** The caller's import scope; 403 for a role that does not import. */
export function importScope(key: ResolvedKey): ImportScope {
  const refuse = () => new HttpError(403, 'forbidden', 'Only the home admin and town staff import members.');
  if (key.kind !== 'secret') throw refuse();
  const role = key.role;
  // Every role by name: a new role fails the type check here until it is said whether it imports.
  switch (role) {
    case 'home_admin':
      return { kind: 'tenant' };
    case 'town_staff':
      if (key.scopeNodeId === null) throw refuse();
      return { kind: 'town', townId: key.scopeNodeId };
    case 'village_staff':
    case 'committee_secretary':
    case 'branch_secretary':
    case 'station_manager':
    case 'partner':
    case null:
      throw refuse();
    default: {
      const unreachable: never = role;
      throw new Error(`No import scope for role ${String(unreachable)}`);
    }
  }
}

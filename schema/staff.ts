// The console's view of who is signed in: the staff user and the grants they may act through.
import { z } from '@hono/zod-openapi';
import { LocalizedText } from './common.ts';
import { roles } from './tables.ts';

export const StaffGrant = z.object({
  id: z.string().openapi({ description: 'Send it as `X-Ginkgo-Grant` to act through this grant.' }),
  role: z.enum(roles),
  scopeNode: z.object({ id: z.string(), name: LocalizedText }).nullable()
    .openapi({ description: 'The town, village, committee, branch, station or partner the role is for; null for the home admin.' }),
}).openapi('StaffGrant');

export const Me = z.object({
  user: z.object({ id: z.string(), name: z.string(), mobile: z.string() }),
  grants: z.array(StaffGrant).openapi({ description: 'Oldest first; without `X-Ginkgo-Grant` a request acts through the first.' }),
  grant: z.string().openapi({ description: 'The grant this request acted through.' }),
}).openapi('Me');

export type StaffGrant = z.infer<typeof StaffGrant>;
export type Me = z.infer<typeof Me>;

export const StaffInvitationCreate = z.strictObject({
  name: z.string().trim().min(1).max(40),
  mobile: z.string().regex(/^1[3-9]\d{9}$/, 'An 11-digit mainland mobile number.'),
  role: z.enum(roles),
  scopeNodeId: z.string().min(1).max(64).nullable().default(null)
    .openapi({ description: 'The node the role is for; null only for home_admin.' }),
}).openapi('StaffInvitationCreate');

export const StaffInvitation = z.object({
  id: z.string(),
  name: z.string(),
  mobile: z.string(),
  role: z.enum(roles),
  scopeNodeId: z.string().nullable(),
  expiresAt: z.number().int(),
  link: z.string().openapi({
    description: 'The one-time link to give the invitee (shown only now: only its hash is kept). The invitee opens it, '
      + 'signs in with the invited mobile, and the grant is theirs.',
  }),
}).openapi('StaffInvitation');

export const StaffInvitationAccept = z.strictObject({ token: z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'The token from the invitation link.') });

export type StaffInvitationCreate = z.input<typeof StaffInvitationCreate>;
export type StaffInvitation = z.infer<typeof StaffInvitation>;

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

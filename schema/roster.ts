// The roster's two trees, one level at a time, with the members at each node: home (town →
// village) and host (committee → branch).
import { z } from '@hono/zod-openapi';
import { LocalizedText } from './common.ts';

export const rosterSides = ['home', 'host'] as const;
export const rosterNodeKinds = ['town', 'village', 'committee', 'branch'] as const;

export const RosterTreeQuery = z.object({
  side: z.enum(rosterSides).openapi({ param: { name: 'side', in: 'query' }, description: '`home`: towns and villages; `host`: committees and branches.' }),
  parent: z.string().min(1).max(64).optional().openapi({
    param: { name: 'parent', in: 'query' },
    description: "The node whose children to list (a town's villages, a committee's branches); without it, the caller's top nodes.",
  }),
});

export const RosterNode = z.object({
  id: z.string(),
  kind: z.enum(rosterNodeKinds),
  name: LocalizedText,
  memberCount: z.number().int().openapi({ description: 'Members on the roster here (a town: its own and its villages\').' }),
  hasChildren: z.boolean(),
}).openapi('RosterNode');

export const RosterLevel = z.object({
  side: z.enum(rosterSides),
  parent: z.string().nullable(),
  nodes: z.array(RosterNode),
}).openapi('RosterLevel');

export type RosterTreeQuery = z.input<typeof RosterTreeQuery>;
export type RosterTreeQueryParams = z.output<typeof RosterTreeQuery>;
export type RosterNode = z.infer<typeof RosterNode>;
export type RosterLevel = z.infer<typeof RosterLevel>;

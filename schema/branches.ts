// Host cities and their branches (党支部): the public finder's data. No personal data.
import { z } from '@hono/zod-openapi';
import { LocalizedText, NullableText, pageOf, PageQuery, Position } from './common.ts';

export const City = z
  .object({
    id: z.string().openapi({ example: 'changzhou' }),
    name: LocalizedText,
    province: LocalizedText,
    position: Position,
  })
  .openapi('City');

export const Branch = z
  .object({
    id: z.string().openapi({ example: 'br_cz_lingjiatang' }),
    name: LocalizedText,
    committee: z.object({ id: z.string(), name: LocalizedText }).nullable(),
    city: z.object({ id: z.string(), name: LocalizedText }),
    address: LocalizedText,
    position: Position,
    meetingPlace: NullableText(),
    meetingTimes: NullableText('Regular meeting times, as the branch states them.'),
    officePhone: z.string().nullable().openapi({ description: "The branch office's public phone; never a person's number." }),
    membersServed: z.number().int().openapi({
      description: 'Members served, rounded down to a multiple of 10; 0 means fewer than 10.',
    }),
  })
  .openapi('Branch');

export const NearbyBranch = Branch.extend({
  distanceMeters: z.number().int().openapi({ description: 'Great-circle distance from the given position.' }),
}).openapi('NearbyBranch');

const coordinate = (min: number, max: number, name: string) =>
  z.coerce.number().min(min).max(max).openapi({ param: { name, in: 'query' }, example: name === 'lat' ? 31.78 : 119.95 });

export const NearQuery = z.object({
  lat: coordinate(-90, 90, 'lat'),
  lng: coordinate(-180, 180, 'lng'),
  limit: z.coerce.number().int().min(1).max(50).default(5)
    .openapi({ param: { name: 'limit', in: 'query' }, description: 'How many branches (1–50, default 5).' }),
});

export const SearchQuery = z.object({
  city: z.string().max(64).optional().openapi({ param: { name: 'city', in: 'query' }, description: 'A host city id from `/v1/cities`.' }),
  q: z.string().trim().min(1).max(64).optional()
    .openapi({ param: { name: 'q', in: 'query' }, description: 'Text in a name or address, Chinese or English.' }),
}).extend(PageQuery.shape);

export const NearbyBranchList = z.object({ data: z.array(NearbyBranch) }).openapi('NearbyBranchList');
export const BranchPage = pageOf(Branch, 'BranchPage', 'One page; pass `nextCursor` back as `cursor` for the next.');
export const CityList = z.object({ data: z.array(City) }).openapi('CityList');

export type City = z.infer<typeof City>;
export type Branch = z.infer<typeof Branch>;
export type NearbyBranch = z.infer<typeof NearbyBranch>;
export type NearQuery = z.input<typeof NearQuery>;
export type SearchQuery = z.input<typeof SearchQuery>;
export type SearchQueryParams = z.output<typeof SearchQuery>;
export type BranchPage = z.infer<typeof BranchPage>;

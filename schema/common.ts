// Shapes every part of the API uses: bilingual text, positions, references, the error envelope,
// and cursor paging.
//
// Types, one convention throughout schema/: for a query schema `XQuery`, the type `XQuery` is what
// a client sends (`z.input`: what the SDK's parameters build on) and `XQueryParams` what the route
// hands on after validation (`z.output`: defaults applied, numbers coerced): the data layer's
// parameter type.
import { z } from '@hono/zod-openapi';
import { errorCodes } from './error-codes.ts';

export const LocalizedText = z
  .object({ zh: z.string(), en: z.string() })
  .openapi('LocalizedText', { description: 'Text in Chinese (zh-CN) and English.' });

/**
 * LocalizedText or null. Not `LocalizedText.nullable()`: on a named schema that becomes `allOf`
 * of the reference and a nullable object in the OpenAPI document, which null does not satisfy, so
 * generated clients would type the field as never null. A union becomes `anyOf` with `null`.
 */
export const NullableText = (description?: string) => {
  const field = z.union([LocalizedText, z.null()]);
  return description ? field.openapi({ description }) : field;
};

export const Position = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .openapi('Position', { description: 'WGS-84 coordinates.' });

/** A reference to a unit, branch or committee: its id and its names. */
export const NamedRef = z.object({ id: z.string(), name: LocalizedText });

export const IdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'br_cz_lingjiatang' }),
});

export const ApiError = z
  .object({
    error: z.object({
      code: z.enum(errorCodes),
      message: z.string(),
      requestId: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .openapi('Error');

/**
 * The paging parameters of a cursor-paged list: a list's query is its filters `.extend`ed with
 * these (`z.object({ … }).extend(PageQuery.shape)`, so the filters come first in the documented
 * parameters). Lists differ only in the default page size, and the audit log in its cursor (an
 * entry id, not an encoded sort key).
 */
export const pageQuery = ({ max = 100, default: size = 20, cursor = z.string().max(200) } = {}) => z.object({
  limit: z.coerce.number().int().min(1).max(max).default(size)
    .openapi({ param: { name: 'limit', in: 'query' }, description: `Page size (1–${max}, default ${size}).` }),
  cursor: cursor.optional().openapi({ param: { name: 'cursor', in: 'query' }, description: '`nextCursor` of the previous page.' }),
});

export const PageQuery = pageQuery();

const nextCursor = z.string().nullable()
  .openapi({ description: 'Pass it back as `cursor` for the next page; null on the last page.' });

/** The envelope of one page of a cursor-paged list, as the OpenAPI component `name`. */
export const pageOf = <T extends z.ZodType>(item: T, name: string, description: string) =>
  z.object({ data: z.array(item), nextCursor }).openapi(name, { description });

/** One page of any cursor-paged list: what `pageOf` makes, for code generic over the item. */
export type CursorPage<T> = { data: T[]; nextCursor: z.infer<typeof nextCursor> };

export type LocalizedText = z.infer<typeof LocalizedText>;
export type Position = z.infer<typeof Position>;
export type NamedRef = z.infer<typeof NamedRef>;
export type ApiError = z.infer<typeof ApiError>;
export type PageQuery = z.input<typeof PageQuery>;
export type PageQueryParams = z.output<typeof PageQuery>;

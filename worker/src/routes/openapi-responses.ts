import { ApiError } from '../../../schema/index.ts';

/** A JSON response of `schema`, for a route's `responses`. */
export const json = <T>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
/** An error response (`ApiError`). */
export const error = (description: string) => json(ApiError, description);

/** The error responses every keyed route can give. */
export const keyedErrors = {
  400: error('Invalid parameters; `details` lists each problem.'),
  401: error('No API key, or an unknown or revoked one.'),
  403: error('The key may not be used from this origin.'),
  500: error('A fault on our side; quote the request id.'),
} as const;

export const notFoundError = { 404: error('No such resource in this tenant.') } as const;

export const security: Record<string, string[]>[] = [{ bearer: [] }, { publishableKey: [] }];

// Key management (home admin keys only, server side): list, create, rotate, revoke.
import type { ApiKey, ApiKeyCreate, ApiKeyPage, IssuedApiKey } from '../../schema/keys.ts';
import type { HttpClient } from './http.ts';
import { PageRequest } from './pagination.ts';

export type KeyListParams = { limit?: number; cursor?: string; includeRevoked?: boolean };
export type KeyCreateParams = ApiKeyCreate;

export class Keys {
  constructor(private readonly http: HttpClient) {}

  /** Newest first. Await it for one page, or `for await` it for every key. Never shows tokens. */
  list(params: KeyListParams = {}): PageRequest<ApiKeyPage> {
    const { cursor, limit, includeRevoked } = params;
    const query = { limit, includeRevoked: includeRevoked === undefined ? undefined : String(includeRevoked) };
    return new PageRequest((next) => this.http.request<ApiKeyPage>({ path: '/v1/keys', query: { ...query, cursor: next } }), cursor);
  }

  /** The response carries the token, once. Not retried: a repeat would issue a second key. */
  create(params: KeyCreateParams): Promise<IssuedApiKey> {
    return this.http.request<IssuedApiKey>({ method: 'POST', path: '/v1/keys', body: params });
  }

  /** A new token with the same settings; the old one stops at once. Not retried: a repeat would rotate again. */
  rotate(id: string): Promise<IssuedApiKey> {
    return this.http.request<IssuedApiKey>({ method: 'POST', path: `/v1/keys/${encodeURIComponent(id)}/rotate` });
  }

  /** Idempotent (revoking a revoked key returns it unchanged), so it is retried like a GET. */
  revoke(id: string): Promise<ApiKey> {
    return this.http.request<ApiKey>({ method: 'POST', path: `/v1/keys/${encodeURIComponent(id)}/revoke`, idempotent: true });
  }
}

// The audit log (home admin keys with `audit:read`): read-only, newest first.
import type { AuditPage, AuditQuery } from '../../schema/audit.ts';
import type { HttpClient } from './http.ts';
import { PageRequest, type ListParams } from './pagination.ts';

export type AuditListParams = ListParams<AuditQuery>;

export class Audit {
  constructor(private readonly http: HttpClient) {}

  /** Await it for one page, or `for await` it for every entry, newest first. */
  list(params: AuditListParams = {}): PageRequest<AuditPage> {
    const { cursor, ...filters } = params;
    return new PageRequest((next) => this.http.request<AuditPage>({ path: '/v1/audit', query: { ...filters, cursor: next } }), cursor);
  }
}

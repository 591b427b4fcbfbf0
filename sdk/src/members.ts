// Members within the key's scope (staff and partner secret keys; every read is audited server-side).
import type { Member, MemberPage, MemberQuery } from '../../schema/members.ts';
import type { HttpClient } from './http.ts';
import { PageRequest, type ListParams } from './pagination.ts';

export type MemberListParams = ListParams<Omit<MemberQuery, 'lastCheckInBefore'>> & { lastCheckInBefore?: number };

export class Members {
  constructor(private readonly http: HttpClient) {}

  /** Await it for one page (`{ data, nextCursor }`), or `for await` it for every member in scope. */
  list(params: MemberListParams = {}): PageRequest<MemberPage> {
    const { cursor, ...filters } = params;
    return new PageRequest((next) => this.http.request<MemberPage>({ path: '/v1/members', query: { ...filters, cursor: next } }), cursor);
  }

  /** One member; a `NotFoundError` both for an unknown id and for one outside the key's scope. */
  get(id: string): Promise<Member> {
    return this.http.request<Member>({ path: `/v1/members/${encodeURIComponent(id)}` });
  }
}

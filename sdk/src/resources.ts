// One object per API resource; each method is one endpoint.
import type { Branch, BranchPage, City, NearbyBranch, SearchQuery } from '../../schema/branches.ts';
import type { Position } from '../../schema/common.ts';
import type { HttpClient } from './http.ts';
import { PageRequest, type ListParams } from './pagination.ts';

// The schema's query types describe the query string (coerced numbers); callers pass numbers.
export type NearParams = Position & { limit?: number };
export type SearchParams = ListParams<SearchQuery>;

export class Branches {
  constructor(private readonly http: HttpClient) {}

  /** Nearest branches to a position, nearest first, with `distanceMeters`. */
  async near({ lat, lng, limit }: NearParams): Promise<NearbyBranch[]> {
    const res = await this.http.request<{ data: NearbyBranch[] }>({ path: '/v1/branches/near', query: { lat, lng, limit } });
    return res.data;
  }

  /** Await it for one page (`{ data, nextCursor }`), or `for await` it for every branch of every page. */
  search(params: SearchParams = {}): PageRequest<BranchPage> {
    const { cursor, ...filters } = params;
    return new PageRequest((next) => this.http.request<BranchPage>({ path: '/v1/branches', query: { ...filters, cursor: next } }), cursor);
  }

  get(id: string): Promise<Branch> {
    return this.http.request<Branch>({ path: `/v1/branches/${encodeURIComponent(id)}` });
  }
}

export class Cities {
  constructor(private readonly http: HttpClient) {}

  /** Host cities of the key's tenant, by English name. */
  async list(): Promise<City[]> {
    return (await this.http.request<{ data: City[] }>({ path: '/v1/cities' })).data;
  }
}

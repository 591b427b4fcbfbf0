// The station directory (服务驿站): public reads, with open-now computed by the server.
import type { NearbyStation, Station, StationPage, StationQuery } from '../../schema/stations.ts';
import type { HttpClient } from './http.ts';
import { PageRequest, type ListParams } from './pagination.ts';
import type { NearParams } from './resources.ts';

export type StationListParams = ListParams<StationQuery>;
export type StationNearParams = NearParams & { category?: StationQuery['category'] };

export class Stations {
  constructor(private readonly http: HttpClient) {}

  /** Await it for one page (`{ data, nextCursor }`), or `for await` it for every station. */
  list(params: StationListParams = {}): PageRequest<StationPage> {
    const { cursor, ...filters } = params;
    return new PageRequest((next) => this.http.request<StationPage>({ path: '/v1/stations', query: { ...filters, cursor: next } }), cursor);
  }

  /** Nearest stations, nearest first, with `distanceMeters`; with `category`, the nearest offering it. */
  async near({ lat, lng, limit, category }: StationNearParams): Promise<NearbyStation[]> {
    return (await this.http.request<{ data: NearbyStation[] }>({ path: '/v1/stations/near', query: { lat, lng, limit, category } })).data;
  }

  get(id: string): Promise<Station> {
    return this.http.request<Station>({ path: `/v1/stations/${encodeURIComponent(id)}` });
  }
}

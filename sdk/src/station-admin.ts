// Staff editing of stations (`stations:write`: home admin, committee secretary, station manager),
// on the full `Ginkgo` client only: the widgets bundle `GinkgoPublic`, which stays read-only.
import type {
  StationCreate, StationHoursPut, StationServiceCreate, StationServiceUpdate, StationUpdate, VolunteerTeamsPut,
} from '../../schema/station-edits.ts';
import type { Station } from '../../schema/stations.ts';
import type { HttpClient } from './http.ts';
import { Stations } from './stations.ts';

const station = (id: string) => `/v1/stations/${encodeURIComponent(id)}`;

/** A station's services. Each method returns the whole station after the change. */
export class StationServices {
  constructor(private readonly http: HttpClient) {}

  /** Not retried: a repeat would add the service twice. */
  create(stationId: string, service: StationServiceCreate): Promise<Station> {
    return this.http.request<Station>({ method: 'POST', path: `${station(stationId)}/services`, body: service });
  }

  /** Retried like a GET: setting the same fields again changes nothing. */
  update(stationId: string, serviceId: string, changes: StationServiceUpdate): Promise<Station> {
    return this.http.request<Station>({
      method: 'PATCH', path: `${station(stationId)}/services/${encodeURIComponent(serviceId)}`, body: changes, idempotent: true,
    });
  }

  /** Not retried: a repeat after success would be a 404. */
  delete(stationId: string, serviceId: string): Promise<Station> {
    return this.http.request<Station>({ method: 'DELETE', path: `${station(stationId)}/services/${encodeURIComponent(serviceId)}` });
  }
}

/** The public station reads plus editing; stations out of the key's scope are `NotFoundError`. */
export class StationAdmin extends Stations {
  readonly services: StationServices;
  private readonly client: HttpClient;

  constructor(http: HttpClient) {
    super(http);
    this.client = http;
    this.services = new StationServices(http);
  }

  /** Opens a station (home admin; committee secretary under their committee). Not retried. */
  create(params: StationCreate): Promise<Station> {
    return this.client.request<Station>({ method: 'POST', path: '/v1/stations', body: params });
  }

  /** Changes only the fields given; `alert: null` removes the alert. */
  update(id: string, changes: StationUpdate): Promise<Station> {
    return this.client.request<Station>({ method: 'PATCH', path: station(id), body: changes, idempotent: true });
  }

  /** Replaces the weekly hours and every dated exception. */
  setHours(id: string, hours: StationHoursPut): Promise<Station> {
    return this.client.request<Station>({ method: 'PUT', path: `${station(id)}/hours`, body: hours, idempotent: true });
  }

  /** Replaces the volunteer teams; teams given with their id keep it. */
  setVolunteerTeams(id: string, teams: VolunteerTeamsPut['teams']): Promise<Station> {
    return this.client.request<Station>({ method: 'PUT', path: `${station(id)}/volunteer-teams`, body: { teams }, idempotent: true });
  }
}

// Service requests (服务需求): filing one and its status (any key), and the staff flow (secret keys):
// list, get, assign, note, resolve, close. Partners with a category key read what was shared with them.
import type {
  ServiceRequestAssign, ServiceRequestCreate, ServiceRequestDetail, ServiceRequestNote, ServiceRequestPage, ServiceRequestQuery,
  ServiceRequestReceipt, StaffServiceRequest,
} from '../../schema/service-requests.ts';
import { newIdempotencyKey } from './check-ins.ts';
import type { HttpClient } from './http.ts';
import { PageRequest, type ListParams } from './pagination.ts';

export type ServiceRequestListParams = ListParams<ServiceRequestQuery>;
export type ServiceRequestStatusParams = { reference: string; mobileLast4: string };
export type ServiceRequestCreateOptions = {
  /** Reuse the same key for every retry of one request (e.g. one queued offline); generated when absent. */
  idempotencyKey?: string;
};

const path = (id: string, action = '') => `/v1/service-requests/${encodeURIComponent(id)}${action}`;

export class ServiceRequests {
  constructor(private readonly http: HttpClient) {}

  /** Files a request; the `Idempotency-Key` makes a repeat harmless, so it is retried like a GET. */
  create(input: ServiceRequestCreate, options: ServiceRequestCreateOptions = {}): Promise<ServiceRequestReceipt> {
    return this.http.request<ServiceRequestReceipt>({
      method: 'POST', path: '/v1/service-requests', body: input, idempotent: true,
      headers: { 'Idempotency-Key': options.idempotencyKey ?? newIdempotencyKey() },
    });
  }

  /** Status and where it went, for a member who knows the reference and their mobile's last four digits. */
  status({ reference, mobileLast4 }: ServiceRequestStatusParams): Promise<ServiceRequestReceipt> {
    return this.http.request<ServiceRequestReceipt>({ path: '/v1/service-requests/status', query: { reference, mobileLast4 } });
  }

  /** Await one page, or `for await` every request in the key's scope, newest first. */
  list(params: ServiceRequestListParams = {}): PageRequest<ServiceRequestPage> {
    const { cursor, ...filters } = params;
    return new PageRequest((next) => this.http.request<ServiceRequestPage>({ path: '/v1/service-requests', query: { ...filters, cursor: next } }), cursor);
  }

  /** Staff get notes and history too; partners the reduced view. */
  get(id: string): Promise<ServiceRequestDetail> {
    return this.http.request<ServiceRequestDetail>({ path: path(id) });
  }

  /** Assign or re-assign. The changes below are not retried: a decision is not repeated blindly. */
  assign(id: string, assignment: ServiceRequestAssign): Promise<StaffServiceRequest> {
    return this.http.request<StaffServiceRequest>({ method: 'POST', path: path(id, '/assign'), body: assignment });
  }

  note(id: string, text: string): Promise<ServiceRequestNote> {
    return this.http.request<ServiceRequestNote>({ method: 'POST', path: path(id, '/notes'), body: { text } });
  }

  resolve(id: string, resolution: string): Promise<StaffServiceRequest> {
    return this.http.request<StaffServiceRequest>({ method: 'POST', path: path(id, '/resolve'), body: { resolution } });
  }

  close(id: string, reason: string): Promise<StaffServiceRequest> {
    return this.http.request<StaffServiceRequest>({ method: 'POST', path: path(id, '/close'), body: { reason } });
  }
}

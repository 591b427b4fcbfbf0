// Check-ins (报到): the public form and submission (publishable key, `GinkgoPublic`), and the staff
// review (secret keys), on the full `Ginkgo` client only: the widgets bundle `GinkgoPublic`.
import type {
  CheckIn, CheckInCreate, CheckInDetail, CheckInForm, CheckInHistory, CheckInPage, CheckInQuery, CheckInReceipt,
} from '../../schema/check-ins.ts';
import type { HttpClient } from './http.ts';
import { PageRequest, type ListParams } from './pagination.ts';

/** `from`/`to`: unix ms (created at or after / before). */
export type CheckInListParams = ListParams<Omit<CheckInQuery, 'from' | 'to'>> & { from?: number; to?: number };
/** The reference, and the proof of the mobile from `mobileVerifications.check()` or its last four digits. */
export type CheckInStatusParams = { reference: string } & ({ mobileProof: string } | { mobileLast4: string });
export type CheckInCreateOptions = {
  /** Reuse the same key for every retry of one submission (e.g. one saved offline); generated when absent. */
  idempotencyKey?: string;
};

const path = (id: string, action = '') => `/v1/check-ins/${encodeURIComponent(id)}${action}`;

/** A random v4 UUID; `crypto.randomUUID` exists only in secure contexts, and partner pages may be plain http. */
export const newIdempotencyKey = (): string => crypto.randomUUID?.()
  ?? '10000000-1000-4000-8000-100000000000'.replace(/[018]/g, (c) => (+c ^ (crypto.getRandomValues(new Uint8Array(1))[0]! & (15 >> (+c / 4)))).toString(16));

export class CheckIns {
  constructor(protected readonly http: HttpClient) {}

  /** What the form needs: consent text and version, home units, categories, needs, verification. */
  form(): Promise<CheckInForm> {
    return this.http.request<CheckInForm>({ path: '/v1/check-in-form' });
  }

  /**
   * Sends a check-in. The `Idempotency-Key` makes a repeat harmless (the server answers it with
   * the first receipt), so network errors, 5xx and 429 are retried like a GET.
   */
  create(input: CheckInCreate, options: CheckInCreateOptions = {}): Promise<CheckInReceipt> {
    return this.http.request<CheckInReceipt>({
      method: 'POST', path: '/v1/check-ins', body: input, idempotent: true,
      headers: { 'Idempotency-Key': options.idempotencyKey ?? newIdempotencyKey() },
    });
  }

  /** The public receipt, for a member who knows the reference and proves the mobile (or knows its last four digits). */
  status(params: CheckInStatusParams): Promise<CheckInReceipt> {
    return this.http.request<CheckInReceipt>({ path: '/v1/check-ins/status', query: params });
  }
}

/** Check-ins for staff: the public methods, plus the review of the check-ins in the key's scope. */
export class CheckInReview extends CheckIns {
  /** Staff: await one page, or `for await` every check-in in the key's scope. */
  list(params: CheckInListParams = {}): PageRequest<CheckInPage> {
    const { cursor, ...filters } = params;
    return new PageRequest((next) => this.http.request<CheckInPage>({ path: '/v1/check-ins', query: { ...filters, cursor: next } }), cursor);
  }

  get(id: string): Promise<CheckInDetail> {
    return this.http.request<CheckInDetail>({ path: path(id) });
  }

  /** Staff: the branch accepts the member. Not retried: a decision is not repeated blindly. */
  confirm(id: string): Promise<CheckIn> {
    return this.http.request<CheckIn>({ method: 'POST', path: path(id, '/confirm') });
  }

  /** Staff: the branch declines, with a reason the member sees in the status lookup. Not retried. */
  reject(id: string, reason: string): Promise<CheckIn> {
    return this.http.request<CheckIn>({ method: 'POST', path: path(id, '/reject'), body: { reason } });
  }

  /** Staff: back to the member to correct and send again, saying what to correct (status `returned`). Not retried. */
  returnForChanges(id: string, reason: string): Promise<CheckIn> {
    return this.http.request<CheckIn>({ method: 'POST', path: path(id, '/return'), body: { reason } });
  }

  /** Staff: who agreed, confirmed, rejected or returned it, when and why, oldest first. */
  history(id: string): Promise<CheckInHistory> {
    return this.http.request<CheckInHistory>({ path: path(id, '/history') });
  }
}

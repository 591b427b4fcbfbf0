// Ginkgo SDK: a typed client for the Ginkgo API, for servers (secret key) and browsers (publishable key).
import { HttpClient, type GinkgoOptions } from './http.ts';
import { Branches, Cities } from './resources.ts';
import { Members } from './members.ts';
import { Audit } from './audit.ts';
import { Keys } from './keys.ts';
import { CheckIns } from './check-ins.ts';

export class Ginkgo {
  readonly branches: Branches;
  readonly cities: Cities;
  /** Members in the key's scope (staff and partner secret keys). */
  readonly members: Members;
  /** The audit log (home admin). */
  readonly audit: Audit;
  /** Key management: home admin secret keys only. */
  readonly keys: Keys;
  /** The check-in form and submissions (publishable key); review (staff secret keys). */
  readonly checkIns: CheckIns;

  constructor(options: GinkgoOptions) {
    const http = new HttpClient(options);
    this.branches = new Branches(http);
    this.cities = new Cities(http);
    this.members = new Members(http);
    this.audit = new Audit(http);
    this.keys = new Keys(http);
    this.checkIns = new CheckIns(http);
  }
}

export type { GinkgoOptions } from './http.ts';
export type { NearParams, SearchParams, Branches, Cities } from './resources.ts';
export type { Keys, KeyListParams, KeyCreateParams } from './keys.ts';
export type { Members, MemberListParams } from './members.ts';
export type { Audit, AuditListParams } from './audit.ts';
export { newIdempotencyKey } from './check-ins.ts';
export type { CheckIns, CheckInListParams, CheckInStatusParams, CheckInCreateOptions } from './check-ins.ts';
export type { PageRequest, CursorPage } from './pagination.ts';
export {
  GinkgoError, ValidationError, AuthenticationError, PermissionError, NotFoundError,
  RateLimitError, ServerError, NetworkError, TimeoutError, type GinkgoErrorCode,
} from './errors.ts';
export type { Branch, NearbyBranch, BranchPage, City, ApiError, ErrorCode } from '../../schema/api.ts';
export type { Member, StaffMember, PartnerMember, MemberPage, AuditEntry, AuditPage } from '../../schema/api.ts';
export type { ApiKey, IssuedApiKey, ApiKeyPage } from '../../schema/api.ts';
export type { CheckIn, CheckInCreate, CheckInForm, CheckInPage, CheckInReceipt } from '../../schema/check-ins.ts';

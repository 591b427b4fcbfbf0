// Ginkgo SDK: a typed client for the Ginkgo API, for servers (secret key) and browsers (publishable key).
import { HttpClient, type GinkgoOptions } from './http.ts';
import { GinkgoPublic } from './public-client.ts';
import { Members } from './members.ts';
import { Audit } from './audit.ts';
import { Keys } from './keys.ts';
import { StationAdmin } from './station-admin.ts';
import { ServiceRequests } from './service-requests.ts';
import { CheckInReview } from './check-ins.ts';
import { MyData, Wechat } from './member-data.ts';

/** The whole API: public resources plus staff ones (members, audit, keys, check-in review, service requests), and a member's own (my data, WeChat). */
export class Ginkgo extends GinkgoPublic {
  /** Members in the key's scope (staff and partner secret keys). */
  readonly members: Members;
  /** The audit log (home admin). */
  readonly audit: Audit;
  /** Key management: home admin secret keys only. */
  readonly keys: Keys;
  /** The station directory, plus editing for staff with `stations:write`. */
  override readonly stations: StationAdmin;
  /** The check-in form and submission, plus the review (list, get, confirm, reject) for staff. */
  override readonly checkIns: CheckInReview;
  /** Service requests: file and look up (any key); list, get, assign, note, resolve, close (staff; partners read shared ones). */
  readonly serviceRequests: ServiceRequests;
  /** A member's own data, with a publishable key and a proof of the mobile: copy, withdraw a consent, ask for a correction or erasure. */
  readonly myData: MyData;
  /** 我的报到 inside WeChat, with a publishable key: `wx.config`'s signature and the subscription to one notification. */
  readonly wechat: Wechat;
  constructor(options: GinkgoOptions) {
    const http = new HttpClient(options);
    super(options, http);
    this.members = new Members(http);
    this.audit = new Audit(http);
    this.keys = new Keys(http);
    this.stations = new StationAdmin(http);
    this.checkIns = new CheckInReview(http);
    this.serviceRequests = new ServiceRequests(http);
    this.myData = new MyData(http);
    this.wechat = new Wechat(http);
  }
}

export { GinkgoPublic } from './public-client.ts';
export type { GinkgoOptions } from './http.ts';
export type { NearParams, SearchParams, Branches, Cities } from './resources.ts';
export type { Stations, StationListParams, StationNearParams } from './stations.ts';
export type { StationAdmin, StationServices } from './station-admin.ts';
export type { Keys, KeyListParams, KeyCreateParams } from './keys.ts';
export type { Members, MemberListParams } from './members.ts';
export type { Audit, AuditListParams } from './audit.ts';
export { newIdempotencyKey } from './check-ins.ts';
export type { CheckIns, CheckInReview, CheckInListParams, CheckInStatusParams, CheckInCreateOptions } from './check-ins.ts';
export type {
  ServiceRequests, ServiceRequestListParams, ServiceRequestStatusParams, ServiceRequestCreateOptions,
} from './service-requests.ts';
export type { MobileVerifications } from './mobile-verifications.ts';
export type { MyData, Wechat } from './member-data.ts';
export type { PageRequest, CursorPage } from './pagination.ts';
export {
  GinkgoError, ValidationError, AuthenticationError, PermissionError, NotFoundError,
  RateLimitError, ServerError, NetworkError, TimeoutError, type GinkgoErrorCode,
} from './errors.ts';
export type { ApiError } from '../../schema/common.ts';
export type { ErrorCode } from '../../schema/error-codes.ts';
export type { Branch, NearbyBranch, BranchPage, City } from '../../schema/branches.ts';
export type { Member, StaffMember, PartnerMember, MemberPage } from '../../schema/members.ts';
export type { AuditEntry, AuditPage } from '../../schema/audit.ts';
export type { ApiKey, IssuedApiKey, ApiKeyPage } from '../../schema/keys.ts';
export type { Station, NearbyStation, StationPage, StationService } from '../../schema/stations.ts';
export type {
  StationCreate, StationUpdate, StationHoursPut, StationServiceCreate, StationServiceUpdate, VolunteerTeamsPut,
} from '../../schema/station-edits.ts';
export type { CheckIn, CheckInCreate, CheckInDetail, CheckInForm, CheckInPage, CheckInReceipt, CheckInServiceRequest } from '../../schema/check-ins.ts';
export type { NotificationSummary, WechatJsConfig, WechatSubscriptionCreate, WechatSubscriptionResult } from '../../schema/notifications.ts';
export type {
  DataRequest, MyData as MyDataCopy, MyDataAuth, MyDataRequestCreate, MyDataWithdraw,
} from '../../schema/data-requests.ts';
export type {
  HumanChallenge, MobileProof, MobileVerificationCheck, MobileVerificationCreate, MobileVerificationSent, MobileVerificationSettings,
} from '../../schema/mobile-verification.ts';
export type {
  ServiceRequest, ServiceRequestCreate, ServiceRequestDetail, ServiceRequestNote, ServiceRequestPage, ServiceRequestReceipt,
  StaffServiceRequest, StaffServiceRequestDetail, PartnerServiceRequest, RoutedTo,
} from '../../schema/service-requests.ts';

// Ginkgo SDK: a typed client for the Ginkgo API, for servers (secret key) and browsers (publishable key).
import { HttpClient, type GinkgoOptions } from './http.ts';
import { Branches, Cities } from './resources.ts';

export class Ginkgo {
  readonly branches: Branches;
  readonly cities: Cities;

  constructor(options: GinkgoOptions) {
    const http = new HttpClient(options);
    this.branches = new Branches(http);
    this.cities = new Cities(http);
  }
}

export type { GinkgoOptions } from './http.ts';
export type { NearParams, SearchParams, Branches, Cities } from './resources.ts';
export type { PageRequest, CursorPage } from './pagination.ts';
export {
  GinkgoError, ValidationError, AuthenticationError, PermissionError, NotFoundError,
  RateLimitError, ServerError, NetworkError, TimeoutError, type GinkgoErrorCode,
} from './errors.ts';
export type { Branch, NearbyBranch, BranchPage, City, ApiError, ErrorCode } from '../../schema/api.ts';

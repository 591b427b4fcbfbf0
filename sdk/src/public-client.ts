// What a publishable key can use: branches, stations, cities, the check-in form and the SMS code
// that proves the member's mobile. Browsers bundle this instead of `Ginkgo`, so that staff-only
// resources do not weigh on every embedding page.
import { HttpClient, type GinkgoOptions } from './http.ts';
import { CheckIns } from './check-ins.ts';
import { MobileVerifications } from './mobile-verifications.ts';
import { Branches, Cities } from './resources.ts';
import { Stations } from './stations.ts';

export class GinkgoPublic {
  readonly branches: Branches;
  readonly cities: Cities;
  readonly stations: Stations;
  readonly checkIns: CheckIns;
  /** SMS codes that prove a mobile: challenge, send, check (publishable keys, for the check-in form). */
  readonly mobileVerifications: MobileVerifications;

  constructor(options: GinkgoOptions, http = new HttpClient(options)) {
    this.branches = new Branches(http);
    this.cities = new Cities(http);
    this.stations = new Stations(http);
    this.checkIns = new CheckIns(http);
    this.mobileVerifications = new MobileVerifications(http);
  }
}

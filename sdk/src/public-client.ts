// What a publishable key can use: branches, stations, cities and the check-in form. Browsers bundle this
// instead of `Ginkgo`, so that staff-only resources do not weigh on every embedding page.
import { HttpClient, type GinkgoOptions } from './http.ts';
import { CheckIns } from './check-ins.ts';
import { Branches, Cities } from './resources.ts';
import { Stations } from './stations.ts';

export class GinkgoPublic {
  readonly branches: Branches;
  readonly cities: Cities;
  readonly stations: Stations;
  readonly checkIns: CheckIns;

  constructor(options: GinkgoOptions, http = new HttpClient(options)) {
    this.branches = new Branches(http);
    this.cities = new Cities(http);
    this.stations = new Stations(http);
    this.checkIns = new CheckIns(http);
  }
}

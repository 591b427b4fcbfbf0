// Entry of both builds: `/widgets.js` (IIFE, one script tag) and `@ginkgo/widgets` (ESM, lit external).
// Importing it registers the elements; loading it twice is harmless.
import './branch-finder/define.ts';
import './check-in/define.ts';
import './station-directory/define.ts';

export { GinkgoBranchFinder } from './branch-finder/branch-finder.ts';
export { GinkgoCheckIn } from './check-in/check-in.ts';
export { GinkgoStationDirectory } from './station-directory/station-directory.ts';
export { GinkgoBranchSelectEvent, GinkgoCheckInSuccessEvent } from './shared/events.ts';
export type { Lang } from './shared/i18n.ts';

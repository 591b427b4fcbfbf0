// Entry of the npm build (`@ginkgo/widgets`, ESM, lit external): importing it registers the
// elements; loading it twice, or next to /widgets.js, is harmless. The embed (/widgets.js and its
// chunks) is built from each widget's define.ts instead (widgets/build.ts).
import './branch-finder/define.ts';
import './check-in/define.ts';
import './station-directory/define.ts';

export { GinkgoBranchFinder } from './branch-finder/branch-finder.ts';
export { GinkgoCheckIn } from './check-in/check-in.ts';
export { GinkgoStationDirectory } from './station-directory/station-directory.ts';
export { GinkgoBranchSelectEvent, GinkgoCheckInSuccessEvent } from './shared/events.ts';
export type { Lang } from './shared/i18n.ts';

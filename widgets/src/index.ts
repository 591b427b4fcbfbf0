// Entry of both builds: `/widgets.js` (IIFE, one script tag) and `@ginkgo/widgets` (ESM, lit external).
// Importing it registers the elements; loading it twice is harmless.
// Bundle layout: the message tables first (ahead of lit-html too, -20 B gzipped), then the styles,
// side by side. gzip finds repeats only within 32 KB, and in the order the widgets import them the
// directory's CSS sat further than that from the finder's and the theme's (-242 B). The elements
// are defined directory first: its code then sits nearer the finder's (-65 B). The modules have no
// side effects but the definitions.
import './station-directory/messages.ts';
import './shared/theme.ts';
import './branch-finder/branch-finder.styles.ts';
import './check-in/check-in.styles.ts';
import './station-directory/station-directory.styles.ts';
import './station-directory/define.ts';
import './branch-finder/define.ts';
import './check-in/define.ts';

export { GinkgoBranchFinder } from './branch-finder/branch-finder.ts';
export { GinkgoCheckIn } from './check-in/check-in.ts';
export { GinkgoStationDirectory } from './station-directory/station-directory.ts';
export { GinkgoBranchSelectEvent, GinkgoCheckInSuccessEvent } from './shared/events.ts';
export type { Lang } from './shared/i18n.ts';

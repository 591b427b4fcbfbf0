// Typed events, prefixed `ginkgo-`, that cross the shadow boundary to reach the host page.
import type { Branch } from '../../../schema/branches.ts';

let lastSelected: Branch | undefined;
const remember = (branch: Branch) => { lastSelected = branch; };
/**
 * The branch a finder on this page selected last. Each widget arrives as its own chunk, so a
 * visitor can select a branch before the form's chunk has loaded: the form starts from it.
 * @internal
 */
export const lastSelectedBranch = (): Branch | undefined => lastSelected;

/** A visitor chose a branch; `detail` is the branch as the API returned it. */
export class GinkgoBranchSelectEvent extends CustomEvent<Branch> {
  static readonly type = 'ginkgo-branch-select';
  constructor(branch: Branch) {
    super(GinkgoBranchSelectEvent.type, { detail: branch, bubbles: true, composed: true });
    remember(branch);
  }
}

/** A check-in reached the server; `detail.reference` is the code the member looks it up with. */
export class GinkgoCheckInSuccessEvent extends CustomEvent<{ reference: string }> {
  static readonly type = 'ginkgo-check-in-success';
  constructor(reference: string) {
    super(GinkgoCheckInSuccessEvent.type, { detail: { reference }, bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'ginkgo-branch-select': GinkgoBranchSelectEvent;
    'ginkgo-check-in-success': GinkgoCheckInSuccessEvent;
  }
  interface DocumentEventMap {
    'ginkgo-branch-select': GinkgoBranchSelectEvent;
  }
}

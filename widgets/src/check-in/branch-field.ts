// The host branch: preset (the `branch` attribute, or a finder elsewhere on the page), or found
// here with the finder itself, nested: the same search, no second copy of it in the bundle. Its
// `ginkgo-branch-select` reaches the document like any other finder's, and sets the branch.
import { html, nothing } from 'lit';
import type { LocalizedText } from '../../../schema/common.ts';
import { pick, type Lang } from '../shared/i18n.ts';
import type { CheckInMessages } from './messages.ts';

export type BranchRef = { id: string; name: LocalizedText };

export interface BranchContext {
  branch: BranchRef | null;
  picking: boolean;
  error: string | undefined;
  key: string;
  api: string;
  lang: Lang;
  t: CheckInMessages;
  open: () => void;
}

export function renderBranch({ branch, picking, error, key, api, lang, t, open }: BranchContext) {
  return html`<section class="branch" part="branch" aria-labelledby="branch-label">
    <p id="branch-label" class="label">${t.branch}</p>
    <div class="row">
      <p class="branch-name" part="branch-name">${branch ? pick(branch.name, lang) : t.noBranch}</p>
      ${picking ? nothing : html`<button id="branch-change" class="button small" part="change-branch-button" type="button"
        aria-describedby=${error ? 'branch-error' : nothing} @click=${open}>${branch ? t.changeBranch : t.pickBranch}</button>`}
    </div>
    ${error ? html`<p id="branch-error" class="error" part="field-error">${error}</p>` : nothing}
    ${picking ? html`<ginkgo-branch-finder key=${key} api=${api} lang=${lang}></ginkgo-branch-finder>` : nothing}
  </section>`;
}

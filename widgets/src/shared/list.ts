// What the finder and the station directory render alike around their lists: the loading
// placeholders, the error box with its retry button, the empty box and the "load more" button.
import { html, nothing, type TemplateResult } from 'lit';
import { retryable, type Problem } from './client.ts';
import type { Messages } from './i18n.ts';

/** Grey boxes while the first page loads; hidden from screen readers (the status line speaks). */
export const skeletons = (count: number) => html`<div class="results" aria-hidden="true">${
  Array.from({ length: count }, () => html`<div class="skeleton"></div>`)}</div>`;

/** The problem, and a retry button unless only the site's administrator can fix it. */
export const problemBox = (t: Messages, problem: Problem, retry: () => void) => html`<div part="message" class="message">
  <h3>${t.errorTitle}</h3>
  <p>${t[problem]}</p>
  ${retryable(problem) ? html`<button part="retry-button" class="button primary" type="button" @click=${retry}>${t.retry}</button>` : nothing}
</div>`;

/** Nothing matched: say so, and offer everything. */
export const emptyBox = (t: Messages, showAll: () => void, icon: TemplateResult | typeof nothing = nothing) => html`<div part="message" class="message">
  ${icon}
  <h3>${t.empty}</h3>
  <p>${t.emptyHint}</p>
  <button class="button" type="button" @click=${showAll}>${t.showAll}</button>
</div>`;

export const moreButton = (t: Messages, busy: boolean, more: () => void) => html`<div class="more">
  <button part="more-button" class="button" type="button" ?disabled=${busy} @click=${more}>${t.more}</button></div>`;

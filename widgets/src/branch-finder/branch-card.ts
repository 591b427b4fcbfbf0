// One result: a labelled article with the branch's public facts and a real select button.
import { html, nothing } from 'lit';
import type { Branch } from '../../../schema/branches.ts';
import { formatDistance } from '../shared/distance.ts';
import { pick, type Lang, type Messages } from '../shared/i18n.ts';

export type Result = { branch: Branch; distance: number | null };

/** `tel:` wants digits and `+` only; the visible number keeps the branch's own formatting. */
export const telHref = (phone: string) => `tel:${phone.replace(/[^\d+]/g, '')}`;

export const fact = (label: string, value: unknown) =>
  html`<div class="fact"><dt>${label}</dt><dd>${value}</dd></div>`;

export function branchCard(
  { branch, distance }: Result, lang: Lang, t: Messages, selected: boolean, open: boolean,
  onSelect: (branch: Branch) => void, onToggle: (branch: Branch) => void,
) {
  const headingId = `name-${branch.id}`;
  const members = branch.membersServed === 0
    ? t.fewerThanTen
    : t.memberTally(new Intl.NumberFormat(lang).format(branch.membersServed));
  // At phone width only the name, distance and address show (what picks a branch); the rest opens on demand.
  return html`
    <li part="result" class=${(selected ? 'result selected' : 'result') + (open ? ' open' : '')}>
      <article aria-labelledby=${headingId}>
        <div class="result-head">
          <h3 id=${headingId} part="result-name">${pick(branch.name, lang)}</h3>
          ${distance === null ? nothing
            : html`<span part="distance" class="distance">${t.distance(formatDistance(distance, lang))}</span>`}
        </div>
        <dl class="facts">${fact(t.address, pick(branch.address, lang))}</dl>
        <dl id=${`more-${branch.id}`} class="facts extra">
          ${fact(t.committee, branch.committee ? pick(branch.committee.name, lang) : t.noCommittee)}
          ${branch.meetingPlace ? fact(t.meetingPlace, pick(branch.meetingPlace, lang)) : nothing}
          ${branch.meetingTimes ? fact(t.meetingTimes, pick(branch.meetingTimes, lang)) : nothing}
          ${branch.officePhone
            ? fact(t.phone, html`<a part="phone" href=${telHref(branch.officePhone)}>${branch.officePhone}</a>`)
            : nothing}
          ${fact(t.membersServed, members)}
        </dl>
        <div class="actions">
          <button part="select-button" class=${selected ? 'button primary' : 'button'} type="button"
            @click=${() => onSelect(branch)}>
            ${selected ? t.selected : t.select}<span class="sr-only"> ${pick(branch.name, lang)}</span>
          </button>
          <button part="details-button" class="button small details" type="button" aria-expanded=${open ? 'true' : 'false'}
            aria-controls=${`more-${branch.id}`} @click=${() => onToggle(branch)}>${t.details}</button>
        </div>
      </article>
    </li>`;
}

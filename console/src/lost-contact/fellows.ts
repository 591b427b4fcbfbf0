// <console-lost-contact-fellows>: 找老乡帮忙, on an open lost-contact case. The members of the lost
// member's village living in the same city who checked in within a year (GET
// /v1/lost-contact/{id}/fellows, 20 a page, most recent first), each with a tel: link, and a form
// to record that one was asked and what came of it. The case's screen records it (as an attempt
// with channel `fellow`): the form announces `console-fellow-asked` with { fellowMemberId, outcome, note }.
import { css, html, nothing } from 'lit';
import type { ContactAttempt, LostContactFellow, LostContactFellowsPage } from '../../../schema/lost-contact.ts';
import { api } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { formatDate, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { fellowsMessages } from './fellows-messages.ts';

type Outcome = ContactAttempt['outcome'];
export type FellowAsked = { fellowMemberId: string; outcome: Outcome; note: string };
const OUTCOMES: readonly Outcome[] = ['relayed', 'no_answer', 'wrong_number', 'refused'];

export class ConsoleLostContactFellows extends ScreenElement {
  static override properties = {
    caseId: { attribute: false }, memberName: { attribute: false }, busy: { type: Boolean },
    _fellows: { state: true }, _cities: { state: true }, _next: { state: true }, _loading: { state: true }, _error: { state: true }, _problem: { state: true },
  };
  static override styles = [base, screenStyles, css`
    :host { display: grid; gap: 0.625rem; padding: 0.75rem; border-radius: var(--radius); background: var(--page); }
    .people { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.5rem; }
    .people li { display: grid; gap: 0.125rem; padding: 0.5rem 0.625rem; border-radius: var(--radius); background: var(--surface); }
    .who { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.75rem; }
    .tel { display: inline-flex; align-items: center; min-height: 2.75rem; }
    .where { color: var(--muted); font-size: 0.9375rem; overflow-wrap: anywhere; }
    form { display: grid; gap: 0.625rem; }
    .pair { display: grid; gap: 0.625rem; }
    @media (min-width: 30rem) { .pair { grid-template-columns: 1fr 1fr; } }
  `];

  declare caseId: string;
  declare memberName: string;
  declare busy: boolean;
  declare private _fellows: LostContactFellow[];
  declare private _cities: string[];
  declare private _next: string | null;
  declare private _loading: boolean;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _problem: boolean;

  constructor() {
    super();
    this.busy = false;
    this._fellows = [];
    this._cities = [];
    this._next = null;
    this._loading = false;
    this._error = null;
    this._problem = false;
  }

  private get _t() { return fellowsMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (!this._fellows.length && !this._loading) void this._load();
  }

  private async _load() {
    this._loading = true;
    this._error = null;
    const query = new URLSearchParams({ limit: '20' });
    if (this._next) query.set('cursor', this._next);
    try {
      const page = await api<LostContactFellowsPage>(`/v1/lost-contact/${encodeURIComponent(this.caseId)}/fellows?${query}`);
      this._fellows = [...this._fellows, ...page.data];
      this._cities = page.cities;
      this._next = page.nextCursor;
    } catch (error) {
      this._error = this._explain(error);
    } finally {
      this._loading = false;
    }
  }

  private _submit(e: Event) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const fellowMemberId = String(data.get('fellow') ?? '');
    const outcome = String(data.get('outcome') ?? '') as Outcome | '';
    if (!fellowMemberId || !outcome) {
      this._problem = true;
      this.renderRoot.querySelector<HTMLElement>(fellowMemberId ? '#fellow-outcome' : '#fellow')?.focus();
      return;
    }
    const detail: FellowAsked = { fellowMemberId, outcome, note: String(data.get('note') ?? '').trim() };
    this.dispatchEvent(new CustomEvent('console-fellow-asked', { detail, bubbles: true, composed: true }));
  }

  private _list() {
    const t = this._t;
    if (!this._fellows.length) return this._loading ? html`<p role="status">${this._c.loading}</p>` : html`<p>${t.none}</p>`;
    return html`<ul class="people" aria-label=${t.list(this.memberName)}>${this._fellows.map((f) => html`<li>
      <div class="who"><strong>${f.name}</strong>
        <a class="tel" href="tel:${f.mobile}"><span class="sr-only">${t.call(f.name)} </span>${f.mobile}</a></div>
      <span class="where">${[f.currentCity, f.hostBranch ? (this.lang === 'en' ? f.hostBranch.name.en : f.hostBranch.name.zh) : null, t.lastCheckIn(formatDate(f.lastCheckInAt, this.lang))]
        .filter(Boolean).join(' · ')}</span>
    </li>`)}</ul>`;
  }

  private _form() {
    const t = this._t;
    const invalid = this._problem ? 'true' : 'false';
    const clear = () => { this._problem = false; };
    return html`<form @submit=${(e: Event) => this._submit(e)} novalidate>
      <div class="pair">
        <div class="field"><label for="fellow">${t.asked}</label>
          <select id="fellow" name="fellow" class="input" aria-describedby="fellow-problem" aria-invalid=${invalid} @change=${clear}>
            <option value="">${t.askedPlaceholder}</option>
            ${this._fellows.map((f) => html`<option value=${f.id}>${f.name}（${f.mobile}）</option>`)}
          </select></div>
        <div class="field"><label for="fellow-outcome">${t.outcome}</label>
          <select id="fellow-outcome" name="outcome" class="input" aria-describedby="fellow-hint fellow-problem" aria-invalid=${invalid} @change=${clear}>
            <option value="">${t.outcomePlaceholder}</option>
            ${OUTCOMES.map((o) => html`<option value=${o}>${t.outcomes[o]}</option>`)}
          </select></div>
      </div>
      <p id="fellow-hint" class="hint">${t.hint}</p>
      <p id="fellow-problem" class="error" role="alert">${this._problem ? t.missing : ''}</p>
      <div class="field"><label for="fellow-note">${t.note}</label><textarea id="fellow-note" name="note" class="input" maxlength="500"></textarea></div>
      <div class="actions"><button type="submit" class="button primary" ?disabled=${this.busy}>${this.busy ? this._c.saving : t.save}</button></div>
    </form>`;
  }

  override render() {
    const t = this._t;
    const cities = this._cities.length ? this._cities.join(t.citySep) : t.noCity;
    return html`
      <h3>${t.title(this.memberName)}</h3>
      <p class="hint">${t.intro(this.memberName, cities)}</p>
      ${this._error ? html`<p class="error" role="alert">${this._error(this.lang)}</p>` : this._list()}
      ${this._next ? html`<div class="actions"><button type="button" class="button" ?disabled=${this._loading}
        @click=${() => this._load()}>${this._loading ? this._c.loadingMore : this._c.loadMore}</button></div>` : nothing}
      ${this._fellows.length ? this._form() : nothing}
    `;
  }
}

customElements.define('console-lost-contact-fellows', ConsoleLostContactFellows);

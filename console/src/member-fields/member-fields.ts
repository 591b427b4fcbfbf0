// <console-member-fields>: how far a member moved (市内, 省内跨市, 跨省) and whether they hold the
// mobile member's activity card, with a form to change both (POST /v1/members/{id}: those two
// fields only). Shown in a roster member's record and on a lost-contact case; announces a change
// with `console-member-changed` (detail: the member as the API now has it).
import { css, html, nothing } from 'lit';
import type { StaffMember } from '../../../schema/members.ts';
import { api } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { memberFieldsMessages } from './messages.ts';

type Distance = NonNullable<StaffMember['moveDistance']>;
export type MemberFields = Pick<StaffMember, 'id' | 'name' | 'moveDistance' | 'hasActivityCard'>;
const DISTANCES: readonly Distance[] = ['same_city', 'same_province', 'other_province'];

export class ConsoleMemberFields extends ScreenElement {
  static override properties = { member: { attribute: false }, _editing: { state: true }, _busy: { state: true }, _message: { state: true } };
  static override styles = [base, screenStyles, css`
    :host { display: grid; gap: 0.5rem; }
    form { display: grid; gap: 0.625rem; padding: 0.75rem; border-radius: var(--radius); background: var(--page); }
    .check { display: flex; align-items: center; gap: 0.5rem; min-height: 2.75rem; }
    .check input { width: 1.25rem; height: 1.25rem; }
  `];

  declare member: MemberFields;
  declare private _editing: boolean;
  declare private _busy: boolean;
  declare private _message: { ok: boolean; text: (lang: Lang) => string } | null;

  constructor() {
    super();
    this._editing = false;
    this._busy = false;
    this._message = null;
  }

  private get _t() { return memberFieldsMessages[this.lang]; }

  private _toggle() {
    this._editing = !this._editing;
    this._message = null;
    if (this._editing) void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#distance')?.focus());
  }

  private async _save(e: Event) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const value = String(data.get('distance') ?? '');
    // Only what this form changed: another staffer's change to the other field meanwhile stays.
    const moveDistance = value ? value as Distance : null;
    const hasActivityCard = data.get('card') === 'on';
    const body = {
      ...(moveDistance !== this.member.moveDistance ? { moveDistance } : {}),
      ...(hasActivityCard !== this.member.hasActivityCard ? { hasActivityCard } : {}),
    };
    if (!Object.keys(body).length) {
      this._editing = false;
      return;
    }
    this._busy = true;
    try {
      const changed = await api<StaffMember>(`/v1/members/${encodeURIComponent(this.member.id)}`, { method: 'POST', body });
      this.member = changed;
      this._editing = false;
      const name = changed.name;
      this._message = { ok: true, text: (lang) => memberFieldsMessages[lang].saved(name) };
      this.dispatchEvent(new CustomEvent('console-member-changed', { detail: changed, bubbles: true, composed: true }));
    } catch (error) {
      this._message = { ok: false, text: this._explain(error) };
    } finally {
      this._busy = false;
    }
  }

  override render() {
    const t = this._t;
    const m = this.member;
    if (!m) return nothing;
    return html`
      <dl>
        <dt>${t.moveDistance}</dt><dd>${m.moveDistance ? t.distances[m.moveDistance] : t.notRecorded}</dd>
        <dt>${t.activityCard}</dt><dd>${m.hasActivityCard ? t.holds : t.holdsNot}</dd>
      </dl>
      <div class="actions"><button type="button" class="button quiet" aria-expanded=${this._editing ? 'true' : 'false'}
        @click=${() => this._toggle()}>${t.editLabel}<span class="sr-only">${t.whose(m.name)}</span></button></div>
      ${this._editing ? html`<form @submit=${(e: Event) => this._save(e)} novalidate>
        <div class="field"><label for="distance">${t.moveDistance}</label>
          <select id="distance" name="distance" class="input">
            <option value="" ?selected=${m.moveDistance === null}>${t.notRecorded}</option>
            ${DISTANCES.map((d) => html`<option value=${d} ?selected=${m.moveDistance === d}>${t.distances[d]}</option>`)}
          </select></div>
        <label class="check"><input id="card" name="card" type="checkbox" .checked=${m.hasActivityCard}>${t.holdsLabel}</label>
        <div class="actions">
          <button type="submit" class="button primary" ?disabled=${this._busy}>${this._busy ? this._c.saving : this._c.save}</button>
          <button type="button" class="button quiet" @click=${() => this._toggle()}>${this._c.cancel}</button>
        </div>
      </form>` : nothing}
      <div role="status">${this._message?.ok ? html`<p class="hint">${this._message.text(this.lang)}</p>` : nothing}</div>
      ${this._message && !this._message.ok ? html`<p class="error" role="alert">${this._message.text(this.lang)}</p>` : nothing}
    `;
  }
}

customElements.define('console-member-fields', ConsoleMemberFields);

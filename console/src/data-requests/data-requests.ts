// <console-data-requests>: 数据请求. Members' corrections and erasures (GET /v1/data-requests?status=…,
// open ones most urgent first, overdue marked). A correction: optionally update the roster (POST
// /v1/members/{id}) then mark it done with what was done (POST …/{id}/done). Any open request can be
// refused with a reason (…/refuse). An erasure is executed after a confirm dialog (…/erase).
import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { ErasureResult, StaffDataRequest } from '../../../schema/data-requests.ts';
import { api, ApiError } from '../api.ts';
import type { Lang } from '../i18n.ts';
import { formatDate, formatDateTime, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { dataRequestMessages } from './messages.ts';

type Words = (typeof dataRequestMessages)['en'];
type Status = StaffDataRequest['status'];
const STATUSES: readonly Status[] = ['open', 'done', 'refused'];
/** Request fields the member update route can change, by their name there. */
const EDITABLE = { name: 'name', current_city: 'currentCity', category: 'category', employer: 'employer' } as const;
type Form = { id: string; kind: 'correct' | 'refuse' };

export class ConsoleDataRequests extends ScreenElement {
  static override properties = {
    _status: { state: true }, _requests: { state: true }, _loading: { state: true }, _error: { state: true },
    _form: { state: true }, _problem: { state: true }, _busy: { state: true }, _notice: { state: true }, _confirming: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    .rows { gap: 0.75rem; }
    @media (min-width: 64rem) { .rows { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    article { padding: 0.875rem 1rem; display: grid; gap: 0.625rem; align-content: start; }
    article.overdue { border-inline-start: 4px solid var(--bad, #b42318); }
    article:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
    .head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.375rem 0.625rem; }
    .head h2 { flex: 1 1 auto; overflow-wrap: anywhere; }
    .sub { display: grid; gap: 0.625rem; padding: 0.75rem; border-radius: var(--radius); background: var(--page); }
    .actions .button { flex: 1 1 8rem; }
    dd { overflow-wrap: anywhere; }
    dialog { max-width: min(32rem, calc(100vw - 2rem)); border: none; border-radius: var(--radius); padding: 1.25rem; }
    dialog::backdrop { background: rgb(0 0 0 / 0.45); }
    dialog h2 { margin: 0 0 0.5rem; }
    dialog p { margin: 0 0 1rem; }
  `];

  declare private _status: Status;
  declare private _requests: StaffDataRequest[];
  declare private _loading: boolean;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _form: Form | null;
  declare private _problem: boolean;
  declare private _busy: string | null;
  declare private _notice: ((t: Words) => string) | null;
  declare private _confirming: StaffDataRequest | null;
  private _generation = 0;

  constructor() {
    super();
    this._status = 'open';
    this._requests = [];
    this._loading = false;
    this._error = null;
    this._form = null;
    this._problem = false;
    this._busy = null;
    this._notice = null;
    this._confirming = null;
  }

  private get _t() { return dataRequestMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._generation === 0) void this._load();
  }

  private async _load() {
    const generation = ++this._generation;
    this._loading = true;
    this._error = null;
    this._form = null;
    try {
      const { data } = await api<{ data: StaffDataRequest[] }>(`/v1/data-requests?status=${this._status}`);
      if (generation === this._generation) this._requests = data;
    } catch (error) {
      if (generation === this._generation) this._error = this._explain(error);
    } finally {
      if (generation === this._generation) this._loading = false;
    }
  }

  private _show(status: Status) {
    if (status === this._status) return;
    this._status = status;
    this._notice = null;
    void this._load();
  }

  private _who = (r: StaffDataRequest) => r.member?.name ?? r.mobile ?? r.id;

  /** Runs an answer; the request then leaves the open list (also on a 409/404: someone else answered it). */
  private async _answer(r: StaffDataRequest, run: () => Promise<(t: Words) => string>) {
    if (this._busy) return;
    this._busy = r.id;
    try {
      this._notice = await run();
    } catch (error) {
      if (!(error instanceof ApiError && (error.status === 409 || error.status === 404))) {
        const explain = this._explain(error);
        this._notice = () => explain(this.lang);
        return;
      }
      this._notice = (t) => t.gone;
    } finally {
      this._busy = null;
    }
    this._requests = this._requests.filter((x) => x.id !== r.id);
    this._form = null;
    this._confirming = null;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#list-status')?.focus();
  }

  private _submit(e: Event, r: StaffDataRequest) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const outcome = String(data.get('outcome') ?? '').trim();
    const value = String(data.get('value') ?? '').trim();
    if (!outcome) {
      this._problem = true;
      this.renderRoot.querySelector<HTMLElement>('#outcome')?.focus();
      return;
    }
    const who = this._who(r);
    const refusing = this._form?.kind === 'refuse';
    void this._answer(r, async () => {
      const field = r.field && r.field in EDITABLE ? EDITABLE[r.field as keyof typeof EDITABLE] : null;
      if (!refusing && value && field && r.member) {
        await api(`/v1/members/${encodeURIComponent(r.member.id)}`, { method: 'POST', body: { [field]: value } });
      }
      await api(`/v1/data-requests/${encodeURIComponent(r.id)}/${refusing ? 'refuse' : 'done'}`, { method: 'POST', body: { outcome } });
      return (t) => (refusing ? t.refusedNotice : t.doneNotice)(who);
    });
  }

  private _open(r: StaffDataRequest, kind: Form['kind']) {
    this._form = this._form?.id === r.id && this._form.kind === kind ? null : { id: r.id, kind };
    this._problem = false;
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(kind === 'correct' && r.member ? '#value' : '#outcome')?.focus());
  }

  private async _confirm(r: StaffDataRequest) {
    this._confirming = r;
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog')!;
    const opener = this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(r.id)}"] .erase`);
    dialog.addEventListener('close', () => { this._confirming = null; opener?.focus(); }, { once: true });
    dialog.showModal();
  }

  private _erase(r: StaffDataRequest) {
    void this._answer(r, async () => {
      const result = await api<ErasureResult>(`/v1/data-requests/${encodeURIComponent(r.id)}/erase`, { method: 'POST', body: {} });
      this.renderRoot.querySelector<HTMLDialogElement>('dialog')?.close();
      const rows = Object.values(result.erased).reduce((a, b) => a + b, 0);
      return (t) => t.erasedNotice(rows);
    });
  }

  private _answerForm(r: StaffDataRequest) {
    const t = this._t;
    const busy = this._busy === r.id;
    const refusing = this._form?.kind === 'refuse';
    const editable = !refusing && r.member && r.field && r.field in EDITABLE;
    return html`<form class="sub" @submit=${(e: Event) => this._submit(e, r)} novalidate>
      ${editable ? html`<div class="field"><label for="value">${t.newValue}（${t.fields[r.field!]}）</label>
        <input id="value" name="value" class="input" maxlength="100" aria-describedby="value-hint"></div>
        <p id="value-hint" class="hint">${t.newValueHint}</p>` : nothing}
      <div class="field"><label for="outcome">${t.outcome}</label>
        <textarea id="outcome" name="outcome" class="input" maxlength="1000" aria-describedby="outcome-hint outcome-problem"
          aria-invalid=${this._problem ? 'true' : 'false'} @input=${() => { this._problem = false; }}></textarea></div>
      <p id="outcome-hint" class="hint">${t.outcomeHint}</p>
      <p id="outcome-problem" class="error" role="alert">${this._problem ? t.outcomeMissing : ''}</p>
      <div class="actions">
        <button type="submit" class="button primary" ?disabled=${busy}>${busy ? this._c.saving : refusing ? t.saveRefuse : t.saveDone}</button>
        <button type="button" class="button quiet" @click=${() => { this._form = null; }}>${this._c.cancel}</button>
      </div>
    </form>`;
  }

  private _request(r: StaffDataRequest) {
    const t = this._t;
    const lang = this.lang;
    const heading = `h-${r.id}`;
    const busy = this._busy !== null;
    const open = r.status === 'open';
    return html`<li><article class="card ${r.overdue ? 'overdue' : ''}" tabindex="-1" data-id=${r.id} aria-labelledby=${heading}>
      <div class="head">
        <h2 id=${heading}>${r.member?.name ?? t.noMember}</h2>
        <span class="badge">${t.kinds[r.kind]}</span>
        ${r.overdue ? html`<span class="badge bad">${t.overdue}</span>` : nothing}
      </div>
      <dl>
        ${r.member ?? r.mobile ? html`<dt>${this._c.mobile}</dt><dd>${r.member?.mobile ?? r.mobile}</dd>` : nothing}
        <dt>${t.asked}</dt><dd>${formatDateTime(r.createdAt, lang)}</dd>
        <dt>${t.due}</dt><dd>${formatDate(r.dueAt, lang)}</dd>
        ${r.field ? html`<dt>${t.field}</dt><dd>${t.fields[r.field]}</dd>` : nothing}
        ${r.text ? html`<dt>${t.text}</dt><dd>${r.text}</dd>` : nothing}
        ${r.handledAt ? html`<dt>${t.handled}</dt><dd>${formatDateTime(r.handledAt, lang)}</dd>` : nothing}
        ${r.outcome ? html`<dt>${t.outcome}</dt><dd>${r.outcome}</dd>` : nothing}
      </dl>
      ${open ? html`<div class="actions">
        ${r.kind === 'erasure'
          ? html`<button type="button" class="button primary erase" ?disabled=${busy} @click=${() => this._confirm(r)}>${t.erase}</button>`
          : html`<button type="button" class="button primary" aria-expanded=${this._form?.id === r.id && this._form.kind === 'correct' ? 'true' : 'false'}
            ?disabled=${busy} @click=${() => this._open(r, 'correct')}>${t.correct}</button>`}
        <button type="button" class="button quiet" aria-expanded=${this._form?.id === r.id && this._form.kind === 'refuse' ? 'true' : 'false'}
          ?disabled=${busy} @click=${() => this._open(r, 'refuse')}>${t.refuse}</button>
      </div>` : nothing}
      ${this._form?.id === r.id ? this._answerForm(r) : nothing}
    </article></li>`;
  }

  private _dialog() {
    const t = this._t;
    const r = this._confirming;
    return html`<dialog aria-labelledby="confirm-title" aria-describedby="confirm-text">
      <h2 id="confirm-title">${t.confirmTitle}</h2>
      ${r ? html`<p id="confirm-text">${t.confirmText(`${this._who(r)}${r.member ? `（${r.member.mobile}）` : ''}`)}</p>
        <div class="actions">
          <button type="button" class="button primary" ?disabled=${this._busy !== null} @click=${() => this._erase(r)}>${this._busy ? this._c.saving : t.confirmErase}</button>
          <button type="button" class="button quiet" @click=${(e: Event) => (e.target as HTMLElement).closest('dialog')!.close()}>${this._c.cancel}</button>
        </div>` : nothing}
    </dialog>`;
  }

  override render() {
    const t = this._t;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro}</p>
      <div class="segmented" role="group" aria-label=${t.statusGroup}>
        ${STATUSES.map((s) => html`<button type="button" class="button" aria-pressed=${s === this._status ? 'true' : 'false'}
          @click=${() => this._show(s)}>${t.statuses[s]}</button>`)}
      </div>
      <div id="list-status" class="status" tabindex="-1" role="status">
        ${this._notice ? html`<p class="notice">${this._notice(t)}</p>` : nothing}
        ${this._loading ? html`<p>${this._c.loading}</p>` : this._error || this._requests.length ? nothing : html`<p>${t.empty[this._status]}</p>`}
      </div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
      <ol class="rows" aria-label=${t.list}>${repeat(this._requests, (r) => r.id, (r) => this._request(r))}</ol>
      ${this._dialog()}
    `;
  }
}

customElements.define('console-data-requests', ConsoleDataRequests);

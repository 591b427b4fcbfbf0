// <console-request-detail>: one service request (GET /v1/service-requests/{id}): what was asked,
// by whom, where it went, its staff notes and its history; and what may be done with it next:
// assign it to one of the station's volunteer teams (GET /v1/stations/{id}) or a person, add a
// note, resolve it with a text the member will read, or close it with a reason (POST …/assign,
// …/notes, …/resolve, …/close). A 409 (someone else decided first) reloads it and says so.
import { css, html, nothing } from 'lit';
import type { StaffServiceRequest, StaffServiceRequestDetail } from '../../../schema/service-requests.ts';
import type { Station } from '../../../schema/stations.ts';
import { api, ApiError } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { formatDateTime, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import { serviceDeskMessages } from './messages.ts';
import { overdueDays, statusBadge } from './overdue.ts';

type Words = (typeof serviceDeskMessages)['en'];
type Form = 'assign' | 'note' | 'resolve' | 'close';
type Teams = Station['volunteerTeams'] | 'loading' | ((lang: Lang) => string);
const roleName = (t: Words, role: string | null) => (role && role in t.roles ? t.roles[role as keyof Words['roles']] : null);

export class ConsoleRequestDetail extends ScreenElement {
  static override properties = {
    requestId: { attribute: false }, _request: { state: true }, _error: { state: true }, _form: { state: true },
    _busy: { state: true }, _problem: { state: true }, _notice: { state: true }, _teams: { state: true }, _target: { state: true },
  };
  static override styles = [base, screenStyles, css`
    :host { outline: none; }
    section { padding: 1rem; display: grid; gap: 0.875rem; }
    .back { justify-self: start; }
    .head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.375rem 0.625rem; }
    .head h2 { flex: 1 1 auto; font-variant-numeric: tabular-nums; }
    .sub { display: grid; gap: 0.625rem; padding: 0.75rem; border-radius: var(--radius); background: var(--page); }
    .log { margin: 0; padding: 0 0 0 0.75rem; list-style: none; display: grid; gap: 0.375rem; border-inline-start: 3px solid var(--line); }
    .log li { font-size: 0.9375rem; overflow-wrap: anywhere; }
    .when { color: var(--muted); font-variant-numeric: tabular-nums; }
    .answer { padding: 0.5rem 0.75rem; border-radius: var(--radius); background: var(--ok-bg); }
    fieldset { border: 0; margin: 0; padding: 0; display: grid; gap: 0.375rem; }
    legend { font-weight: 600; padding: 0; margin-bottom: 0.25rem; }
    .choice { display: flex; align-items: center; gap: 0.5rem; min-height: 2.75rem; }
    .choice input { width: 1.25rem; height: 1.25rem; }
  `];

  declare requestId: string;
  declare private _request: StaffServiceRequestDetail | null;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _form: Form | null;
  declare private _busy: boolean;
  declare private _problem: boolean;
  declare private _notice: ((t: Words) => string) | null;
  declare private _teams: Teams;
  /** In the assign form: a team's id, or '' for a person. */
  declare private _target: string;
  private _loadingId: string | null = null;

  constructor() {
    super();
    this._request = null;
    this._error = null;
    this._form = null;
    this._busy = false;
    this._problem = false;
    this._notice = null;
    this._teams = 'loading';
    this._target = '';
  }

  private get _t() { return serviceDeskMessages[this.lang]; }

  override willUpdate(changed: Map<PropertyKey, unknown>) {
    if (changed.has('requestId') && this.requestId !== this._loadingId) {
      this._notice = null;
      this._form = null;
      void this._load();
    }
  }

  private async _load() {
    const id = this.requestId;
    this._loadingId = id;
    this._request = null;
    this._error = null;
    try {
      const found = await api<StaffServiceRequestDetail>(`/v1/service-requests/${encodeURIComponent(id)}`);
      if (this._loadingId !== id) return;
      this._request = found;
      this.dispatchEvent(new CustomEvent('desk-changed', { detail: found, bubbles: true, composed: true }));
    } catch (error) {
      if (this._loadingId === id) this._error = this._explain(error);
    }
  }

  private _open(form: Form) {
    this._form = this._form === form ? null : form;
    this._problem = false;
    if (this._form === 'assign') void this._loadTeams();
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('form [data-first]')?.focus());
  }

  /** The teams a request routed to a station may go to; none for one routed to a committee or the home org. */
  private async _loadTeams() {
    const r = this._request;
    if (!r || r.routedTo.kind !== 'station') {
      this._teams = [];
      return;
    }
    this._teams = 'loading';
    try {
      const station = await api<Station>(`/v1/stations/${encodeURIComponent(r.routedTo.id)}`);
      this._teams = station.volunteerTeams;
      this._target = r.volunteerTeam?.id ?? station.volunteerTeams[0]?.id ?? '';
    } catch (error) {
      this._teams = this._explain(error);
    }
  }

  /** Runs a change; then reloads the request (notes and history too). A 409 or 404 says why nothing changed. */
  private async _run(path: string, body: unknown, done: (t: Words) => string) {
    const r = this._request;
    if (!r || this._busy) return;
    this._busy = true;
    this._error = null;
    try {
      await api(`/v1/service-requests/${encodeURIComponent(r.id)}/${path}`, { method: 'POST', body });
      this._form = null;
      this._notice = done;
      await this._load();
    } catch (error) {
      const ref = r.reference;
      if (error instanceof ApiError && error.status === 409) {
        const now = (error.details as { status?: StaffServiceRequest['status'] } | undefined)?.status;
        this._form = null;
        this._notice = (t) => t.conflict(ref, now ? t.statuses[now] : '');
        await this._load();
      } else if (error instanceof ApiError && error.status === 404) {
        this._notice = (t) => t.gone(ref);
      } else {
        this._error = this._explain(error);
      }
    } finally {
      this._busy = false;
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#notice')?.focus();
    }
  }

  /** The text of a form's one field, or null (and the problem shown) when it is empty. */
  private _text(e: Event, name: string): string | null {
    e.preventDefault();
    const value = String(new FormData(e.target as HTMLFormElement).get(name) ?? '').trim();
    if (value) return value;
    this._problem = true;
    this.renderRoot.querySelector<HTMLElement>(`[name="${name}"]`)?.focus();
    return null;
  }

  private _assign(e: Event) {
    e.preventDefault();
    const teams = Array.isArray(this._teams) ? this._teams : [];
    const team = teams.find((v) => v.id === this._target);
    if (team) {
      const name = pick(team.name, this.lang) || team.name.zh;
      void this._run('assign', { assignee: name, volunteerTeamId: team.id }, (t) => t.assigned(this._request!.reference, name));
      return;
    }
    const person = this._text(e, 'person');
    if (person) void this._run('assign', { assignee: person }, (t) => t.assigned(this._request!.reference, person));
  }

  private _submit(e: Event, form: Exclude<Form, 'assign'>) {
    const field = { note: 'text', resolve: 'resolution', close: 'reason' }[form];
    const value = this._text(e, field);
    if (value === null) return;
    const ref = this._request!.reference;
    if (form === 'note') void this._run('notes', { text: value }, (t) => t.noted(ref));
    if (form === 'resolve') void this._run('resolve', { resolution: value }, (t) => t.resolved(ref));
    if (form === 'close') void this._run('close', { reason: value }, (t) => t.closed(ref));
  }

  private _buttons(form: Form | null) {
    const t = this._t;
    return html`<div class="actions">
      <button type="submit" class="button primary" ?disabled=${this._busy}>${this._busy ? this._c.saving
        : { assign: t.saveAssign, note: t.saveNote, resolve: t.saveResolve, close: t.saveClose }[form!]}</button>
      <button type="button" class="button quiet" @click=${() => { this._form = null; }}>${this._c.cancel}</button>
    </div>`;
  }

  private _problemLine() {
    return html`<p id="problem" class="error" role="alert">${this._problem ? this._t.missing : ''}</p>`;
  }

  private _assignForm() {
    const t = this._t;
    const teams = this._teams;
    if (teams === 'loading') return html`<p class="sub" role="status">${this._c.loading}</p>`;
    if (typeof teams === 'function') return html`<p class="sub error" role="alert">${teams(this.lang)}</p>`;
    const person = this._target === '' || !teams.some((v) => v.id === this._target);
    return html`<form class="sub" novalidate @submit=${this._assign}>
      <fieldset><legend>${t.assignTo}</legend>
        ${teams.map((v, i) => html`<label class="choice"><input type="radio" name="target" value=${v.id} ?data-first=${i === 0}
          .checked=${this._target === v.id} @change=${() => { this._target = v.id; }}>${t.team}${this._c.sep}${pick(v.name, this.lang)}</label>`)}
        <label class="choice"><input type="radio" name="target" value="" ?data-first=${!teams.length} .checked=${person}
          @change=${() => { this._target = ''; }}>${t.toPerson}</label>
      </fieldset>
      ${teams.length ? nothing : html`<p class="hint">${t.noTeams}</p>`}
      ${person ? html`<div class="field"><label for="person">${t.person}</label>
        <input id="person" name="person" class="input" maxlength="100" aria-describedby="person-hint problem"
          aria-invalid=${this._problem ? 'true' : 'false'} .value=${this._request?.volunteerTeam ? '' : this._request?.assignee ?? ''}>
        <p id="person-hint" class="hint">${t.personHint}</p></div>` : nothing}
      ${this._problemLine()}
      ${this._buttons('assign')}
    </form>`;
  }

  private _textForm(form: Exclude<Form, 'assign'>) {
    const t = this._t;
    const [name, label, hint, max] = {
      note: ['text', t.noteLabel, '', 1000], resolve: ['resolution', t.resolutionLabel, t.resolutionHint, 1000], close: ['reason', t.reasonLabel, t.reasonHint, 500],
    }[form] as [string, string, string, number];
    return html`<form class="sub" novalidate @submit=${(e: Event) => this._submit(e, form)}>
      <div class="field"><label for=${name}>${label}</label>
        <textarea id=${name} name=${name} class="input" maxlength=${max} data-first aria-describedby="${name}-hint problem"
          aria-invalid=${this._problem ? 'true' : 'false'} @input=${() => { this._problem = false; }}></textarea>
        ${hint ? html`<p id="${name}-hint" class="hint">${hint}</p>` : nothing}</div>
      ${this._problemLine()}
      ${this._buttons(form)}
    </form>`;
  }

  private _log(r: StaffServiceRequestDetail) {
    const t = this._t;
    const lang = this.lang;
    const by = (role: string | null) => (roleName(t, role) ? t.byRole(roleName(t, role)!) : '');
    return html`
      <h3>${t.notes}</h3>
      ${r.notes.length ? html`<ol class="log" aria-label=${t.notes}>${r.notes.map((n) => html`<li>
        <span class="when">${formatDateTime(n.createdAt, lang)}${by(n.role)}</span><br>${n.text}</li>`)}</ol>`
        : html`<p class="hint">${t.noNotes}</p>`}
      <h3>${t.history}</h3>
      <ol class="log" aria-label=${t.history}>${r.history.map((h) => {
        const said = h.detail?.['assignee'] ?? h.detail?.['resolution'] ?? h.detail?.['closeReason'] ?? h.detail?.['reason'];
        return html`<li><span class="when">${formatDateTime(h.at, lang)}</span> · <strong>${t.actions[h.action] ?? h.action}</strong>${by(h.role)}${
          typeof said === 'string' ? html` · ${said}` : nothing}</li>`;
      })}</ol>`;
  }

  override render() {
    const t = this._t;
    const c = this._c;
    const r = this._request;
    const lang = this.lang;
    const back = html`<button type="button" class="button quiet back" @click=${() => this.dispatchEvent(new CustomEvent('desk-back', { bubbles: true, composed: true }))}>${t.back}</button>`;
    if (!r) {
      return html`<section class="card" aria-label=${t.title}>${back}
        ${this._error ? html`<p class="notice bad" role="alert">${this._error(lang)}</p>` : html`<p role="status">${c.loading}</p>`}</section>`;
    }
    const late = overdueDays(r);
    const live = r.status === 'open' || r.status === 'assigned';
    const form = this._form;
    return html`<section class="card" aria-labelledby="detail-title">
      ${back}
      <div class="head">
        <h2 id="detail-title">${r.reference} · ${t.categories[r.category]}</h2>
        <span class="badge ${statusBadge(r.status)}">${t.statuses[r.status]}</span>
        ${late === null ? nothing : html`<span class="badge bad">${t.overdueFor(late)}</span>`}
      </div>
      <div id="notice" class="status" tabindex="-1" role="status">${this._notice ? html`<p class="notice">${this._notice(t)}</p>` : nothing}</div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(lang)}</p>` : nothing}
      <dl>
        <dt>${t.member}</dt><dd>${r.member.name} · <span class="sr-only">${c.mobile}</span><a class="tel" href="tel:${r.member.mobile}">${r.member.mobile}</a></dd>
        <dt>${t.description}</dt><dd>${r.description ?? c.none}</dd>
        <dt>${t.routedTo}</dt><dd>${pick(r.routedTo.name, lang)}</dd>
        ${r.city ? html`<dt>${t.city}</dt><dd>${pick(r.city.name, lang)}</dd>` : nothing}
        <dt>${t.filed}</dt><dd>${formatDateTime(r.createdAt, lang)}</dd>
        <dt>${t.updated}</dt><dd>${formatDateTime(r.updatedAt, lang)}</dd>
        <dt>${t.assignee}</dt><dd>${r.assignee ?? t.unassigned}</dd>
        ${r.volunteerTeam ? html`<dt>${t.team}</dt><dd>${pick(r.volunteerTeam.name, lang)}</dd>` : nothing}
        ${r.sharedWith ? html`<dt>${t.sharedWith}</dt><dd>${pick(r.sharedWith.partner.name, lang)}</dd>` : nothing}
        ${r.closeReason ? html`<dt>${t.closeReason}</dt><dd>${r.closeReason}</dd>` : nothing}
      </dl>
      ${r.resolution ? html`<div class="answer"><h3>${t.resolution}</h3><p>${r.resolution}</p></div>` : nothing}
      ${live ? html`<div class="actions">
        <button type="button" class="button primary" aria-expanded=${form === 'assign' ? 'true' : 'false'} @click=${() => this._open('assign')}>${
          r.status === 'assigned' ? t.reassign : t.assign}</button>
        ${r.status === 'assigned' ? html`<button type="button" class="button primary" aria-expanded=${form === 'resolve' ? 'true' : 'false'}
          @click=${() => this._open('resolve')}>${t.resolve}</button>` : nothing}
        <button type="button" class="button" aria-expanded=${form === 'note' ? 'true' : 'false'} @click=${() => this._open('note')}>${t.addNote}</button>
        <button type="button" class="button quiet" aria-expanded=${form === 'close' ? 'true' : 'false'} @click=${() => this._open('close')}>${t.close}</button>
      </div>
      ${r.status === 'open' ? html`<p class="hint">${t.resolveNeedsAssign}</p>` : nothing}` : html`<div class="actions">
        <button type="button" class="button" aria-expanded=${form === 'note' ? 'true' : 'false'} @click=${() => this._open('note')}>${t.addNote}</button></div>`}
      ${form === 'assign' ? this._assignForm() : form ? this._textForm(form) : nothing}
      ${this._log(r)}
    </section>`;
  }
}

customElements.define('console-request-detail', ConsoleRequestDetail);

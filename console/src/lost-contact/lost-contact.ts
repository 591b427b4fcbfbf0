// <console-lost-contact>: 失联. The lost-contact cases of the members in scope (GET
// /v1/lost-contact?status=open|overdue|closed, most urgent first, 50 a page). On an open case:
// record a contact attempt (POST …/{id}/attempts; 已联系上 or 他人转告 closes it, and it leaves
// the list), read the attempts (GET …/{id}/attempts), snooze it 7 or 30 days or change its due
// date (POST …/{id} { snoozedUntil } or { dueAt }), pick an assignee among the staff who see the
// member (GET …/{id}/assignees, POST …/{id} { assigneeUserId }), close it with a reason (POST
// …/{id}/close), and record how far the member moved and the activity card (<console-member-fields>).
// A closed case can be reopened (POST …/{id}/reopen). A case a campaign handed over names it; on an
// open case, 找老乡帮忙 (<console-lost-contact-fellows>) lists fellow villagers in the same city to
// call, and records asking one as an attempt with channel `fellow`.
import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CursorPage } from '../../../schema/common.ts';
import type { AssignableStaff, ContactAttempt, LostContactCase } from '../../../schema/lost-contact.ts';
import type { StaffMember } from '../../../schema/members.ts';
import { api, ApiError } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { dayStart, formatDate, formatDateTime, isoDate, ScreenElement, screenStyles } from '../screen.ts';
import { base } from '../styles.ts';
import '../member-fields/member-fields.ts';
import './fellows.ts';
import type { FellowAsked } from './fellows.ts';
import { lostContactMessages } from './messages.ts';

type Words = (typeof lostContactMessages)['en'];
type Status = 'open' | 'overdue' | 'closed';
type Channel = ContactAttempt['channel'];
type Outcome = ContactAttempt['outcome'];

const STATUSES: readonly Status[] = ['open', 'overdue', 'closed'];
// `fellow` is recorded from the fellows panel, which names the fellow asked.
const CHANNELS: readonly Channel[] = ['phone', 'sms', 'wechat', 'visit', 'relative', 'other'];
const OUTCOMES: readonly Outcome[] = ['reached', 'relayed', 'no_answer', 'wrong_number', 'refused'];
const FOUND: readonly Outcome[] = ['reached', 'relayed'];
type Reason = 'deceased' | 'left_party' | 'duplicate' | 'other';
const REASONS: readonly Reason[] = ['deceased', 'left_party', 'duplicate', 'other'];
const DAY_MS = 86_400_000;
const PAGE_SIZE = 50;

/** The form open on a case: record an attempt, ask fellows, a new due date, an assignee, or closing it. */
type Form = { id: string; kind: 'attempt' | 'fellows' | 'due' | 'assign' | 'close' };
type Assignees = AssignableStaff[] | 'loading' | ((lang: Lang) => string);
type History = ContactAttempt[] | 'loading' | ((lang: Lang) => string);

export class ConsoleLostContact extends ScreenElement {
  static override properties = {
    _status: { state: true }, _cases: { state: true }, _next: { state: true }, _loading: { state: true }, _error: { state: true },
    _form: { state: true }, _formProblem: { state: true }, _busy: { state: true }, _caseErrors: { state: true },
    _history: { state: true }, _notice: { state: true }, _assignees: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .intro { color: var(--muted); margin-bottom: 1rem; }
    .rows { gap: 0.75rem; }
    @media (min-width: 64rem) { .rows { grid-template-columns: repeat(2, minmax(0, 1fr)); } }
    article { padding: 0.875rem 1rem; display: grid; gap: 0.625rem; height: 100%; align-content: start; }
    article:focus { outline: 3px solid var(--focus); outline-offset: 2px; }
    .head { display: flex; flex-wrap: wrap; align-items: center; gap: 0.375rem 0.625rem; }
    .head h2 { flex: 1 1 auto; }
    .phone { display: inline-flex; align-items: center; min-height: 2.75rem; font-size: 1.0625rem; font-weight: 600; }
    .actions .button { flex: 1 1 8rem; }
    .sub { display: grid; gap: 0.625rem; padding: 0.75rem; border-radius: var(--radius); background: var(--page); }
    .pair { display: grid; gap: 0.625rem; }
    @media (min-width: 30rem) { .pair { grid-template-columns: 1fr 1fr; } }
    .history { margin: 0; padding: 0.5rem 0.75rem; list-style: none; display: grid; gap: 0.375rem; border-inline-start: 3px solid var(--line); }
    .history li { font-size: 0.9375rem; overflow-wrap: anywhere; }
    .history .when { color: var(--muted); font-variant-numeric: tabular-nums; }
  `];

  declare private _status: Status;
  declare private _cases: LostContactCase[];
  declare private _next: string | null;
  declare private _loading: 'all' | 'more' | null;
  declare private _error: ((lang: Lang) => string) | null;
  declare private _form: Form | null;
  declare private _formProblem: boolean;
  declare private _busy: string | null;
  declare private _caseErrors: Readonly<Record<string, (lang: Lang) => string>>;
  declare private _history: ReadonlyMap<string, History>;
  declare private _notice: ((t: Words) => string) | null;
  declare private _assignees: Assignees;
  private _generation = 0;

  constructor() {
    super();
    this._status = 'open';
    this._cases = [];
    this._next = null;
    this._loading = null;
    this._error = null;
    this._form = null;
    this._formProblem = false;
    this._busy = null;
    this._caseErrors = {};
    this._history = new Map();
    this._notice = null;
    this._assignees = 'loading';
  }

  private get _t() { return lostContactMessages[this.lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    if (this._generation === 0) void this._load(true);
  }

  private async _load(reset: boolean) {
    const generation = reset ? ++this._generation : this._generation;
    this._loading = reset ? 'all' : 'more';
    this._error = null;
    if (reset) {
      this._cases = [];
      this._next = null;
      this._form = null;
      this._history = new Map();
      this._caseErrors = {};
    }
    const query = new URLSearchParams({ status: this._status, limit: String(PAGE_SIZE) });
    if (!reset && this._next) query.set('cursor', this._next);
    try {
      const page = await api<CursorPage<LostContactCase>>(`/v1/lost-contact?${query}`);
      if (generation !== this._generation) return;
      const known = new Set(this._cases.map((c) => c.id));
      this._cases = [...this._cases, ...page.data.filter((c) => !known.has(c.id))];
      this._next = page.nextCursor;
    } catch (error) {
      if (generation === this._generation) this._error = this._explain(error);
    } finally {
      if (generation === this._generation) this._loading = null;
    }
  }

  private _show(status: Status) {
    if (status === this._status) return;
    this._status = status;
    this._notice = null;
    void this._load(true);
  }

  /** Still on this list after a change? An open list keeps every open case; overdue only overdue ones. */
  private _belongs(c: LostContactCase): boolean {
    return this._status === 'closed' ? c.closedAt !== null : c.closedAt === null && (this._status === 'open' || c.overdue);
  }

  /** Puts the changed case in place, or takes it off the list (focus then goes to the one after it). */
  private async _replace(changed: LostContactCase | null, id: string, notice: (t: Words) => string) {
    const position = this._cases.findIndex((c) => c.id === id);
    const stays = changed !== null && this._belongs(changed);
    this._cases = stays ? this._cases.map((c) => (c.id === id ? changed : c)) : this._cases.filter((c) => c.id !== id);
    this._form = null;
    this._notice = notice;
    await this.updateComplete;
    if (stays) {
      this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(id)}"]`)?.focus();
      return;
    }
    const next = this._cases[Math.min(position, this._cases.length - 1)];
    (next ? this.renderRoot.querySelector<HTMLElement>(`article[data-id="${CSS.escape(next.id)}"]`) : this.renderRoot.querySelector<HTMLElement>('#list-status'))?.focus();
  }

  /** Runs a change on a case; a 409 (closed meanwhile) or 404 takes it off the list, other errors stay on it. */
  private async _change(c: LostContactCase, run: () => Promise<void>) {
    if (this._busy) return;
    this._busy = c.id;
    this._caseErrors = { ...this._caseErrors, [c.id]: () => '' };
    try {
      await run();
    } catch (error) {
      const name = c.member.name;
      if (error instanceof ApiError && error.status === 409) await this._replace(null, c.id, (t) => t.closedElsewhere(name));
      else if (error instanceof ApiError && error.status === 404) await this._replace(null, c.id, (t) => t.gone(name));
      else this._caseErrors = { ...this._caseErrors, [c.id]: this._explain(error) };
    } finally {
      this._busy = null;
    }
  }

  private _open(c: LostContactCase, kind: Form['kind']) {
    this._form = this._form?.id === c.id && this._form.kind === kind ? null : { id: c.id, kind };
    this._formProblem = false;
    if (kind === 'assign' && this._form) void this._loadAssignees(c.id);
    const first = { attempt: '#channel', fellows: 'console-lost-contact-fellows', due: '#due', assign: '#assignee', close: '#reason' }[kind];
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>(first)?.focus());
  }

  private async _loadAssignees(id: string) {
    this._assignees = 'loading';
    let found: Assignees;
    try {
      found = (await api<{ data: AssignableStaff[] }>(`/v1/lost-contact/${encodeURIComponent(id)}/assignees`)).data;
    } catch (error) {
      found = this._explain(error);
    }
    if (this._form?.id !== id || this._form.kind !== 'assign') return;
    this._assignees = found;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('#assignee')?.focus();
  }

  private _assign(e: Event, c: LostContactCase) {
    e.preventDefault();
    const id = String(new FormData(e.target as HTMLFormElement).get('assignee') ?? '');
    const user = Array.isArray(this._assignees) ? this._assignees.find((u) => u.id === id) : undefined;
    if (!user) return;
    void this._change(c, async () => {
      await api(`/v1/lost-contact/${encodeURIComponent(c.id)}`, { method: 'POST', body: { assigneeUserId: user.id } });
      const name = c.member.name;
      await this._replace({ ...c, assignee: { id: user.id, name: user.name } }, c.id, (t) => t.assignedDone(name, user.name));
    });
  }

  private _close(e: Event, c: LostContactCase) {
    e.preventDefault();
    const data = new FormData(e.target as HTMLFormElement);
    const reason = String(data.get('reason') ?? '') as Reason | '';
    const note = String(data.get('closeNote') ?? '').trim();
    if (!reason || (reason === 'other' && !note)) {
      this._formProblem = true;
      this.renderRoot.querySelector<HTMLElement>(reason ? '#close-note' : '#reason')?.focus();
      return;
    }
    void this._change(c, async () => {
      await api(`/v1/lost-contact/${encodeURIComponent(c.id)}/close`, { method: 'POST', body: { reason, ...(note ? { note } : {}) } });
      const name = c.member.name;
      const changed: LostContactCase = { ...c, closedAt: Date.now(), closedReason: reason, closedNote: note || null, overdue: false };
      await this._replace(changed, c.id, (t) => t.closedDone(name, t.closedReasons[reason]));
    });
  }

  private _reopen(c: LostContactCase) {
    void this._change(c, async () => {
      await api(`/v1/lost-contact/${encodeURIComponent(c.id)}/reopen`, { method: 'POST', body: {} });
      const now = Date.now();
      const name = c.member.name;
      const changed: LostContactCase = { ...c, closedAt: null, closedReason: null, closedNote: null, openedAt: now, dueAt: now + 14 * DAY_MS, snoozedUntil: null, overdue: false };
      await this._replace(changed, c.id, (t) => t.reopenedDone(name));
    });
  }

  /** The member's move details changed (in <console-member-fields>): the case shows them too. */
  private _memberChanged(id: string, m: StaffMember) {
    this._cases = this._cases.map((c) => (c.id === id ? { ...c, member: { ...c.member, moveDistance: m.moveDistance, hasActivityCard: m.hasActivityCard } } : c));
  }

  private _record(e: Event, c: LostContactCase) {
    e.preventDefault();
    const form = e.target as HTMLFormElement;
    const data = new FormData(form);
    const channel = String(data.get('channel')) as Channel;
    const outcome = String(data.get('outcome') ?? '') as Outcome | '';
    const note = String(data.get('note') ?? '').trim();
    if (!outcome) {
      this._formProblem = true;
      this.renderRoot.querySelector<HTMLElement>('#outcome')?.focus();
      return;
    }
    this._saveAttempt(c, { channel, outcome, ...(note ? { note } : {}) });
  }

  /** Asking a fellow (from <console-lost-contact-fellows>): an attempt on the `fellow` channel, naming them. */
  private _fellowAsked(c: LostContactCase, a: FellowAsked) {
    this._saveAttempt(c, { channel: 'fellow', outcome: a.outcome, fellowMemberId: a.fellowMemberId, ...(a.note ? { note: a.note } : {}) });
  }

  private _saveAttempt(c: LostContactCase, body: { channel: Channel; outcome: Outcome; note?: string; fellowMemberId?: string }) {
    const outcome = body.outcome;
    void this._change(c, async () => {
      const attempt = await api<ContactAttempt>(`/v1/lost-contact/${encodeURIComponent(c.id)}/attempts`, { method: 'POST', body });
      const found = FOUND.includes(outcome);
      const history = this._history.get(c.id);
      if (Array.isArray(history)) this._history = new Map(this._history).set(c.id, [...history, attempt]);
      const changed: LostContactCase = {
        ...c, attempts: c.attempts + 1, lastAttemptAt: attempt.at,
        ...(found ? { closedAt: attempt.at, closedReason: 'found' as const, overdue: false } : {}),
      };
      const name = c.member.name;
      await this._replace(changed, c.id, (t) => (found ? t.found : t.recorded)(name, t.outcomes[outcome]));
    });
  }

  private _snooze(c: LostContactCase, days: number) {
    void this._change(c, async () => {
      const snoozedUntil = Date.now() + days * DAY_MS;
      await api(`/v1/lost-contact/${encodeURIComponent(c.id)}`, { method: 'POST', body: { snoozedUntil } });
      const name = c.member.name;
      await this._replace({ ...c, snoozedUntil, overdue: false }, c.id, (t) => t.snoozedDone(name, formatDate(snoozedUntil, this.lang)));
    });
  }

  private _saveDue(e: Event, c: LostContactCase) {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).querySelector<HTMLInputElement>('#due')!;
    const start = dayStart(input.value);
    if (Number.isNaN(start)) {
      this._formProblem = true;
      input.focus();
      return;
    }
    // Due by the end of that day, Shanghai time.
    const dueAt = start + DAY_MS - 1;
    void this._change(c, async () => {
      await api(`/v1/lost-contact/${encodeURIComponent(c.id)}`, { method: 'POST', body: { dueAt } });
      const now = Date.now();
      const overdue = dueAt < now && (c.snoozedUntil === null || c.snoozedUntil < now);
      const name = c.member.name;
      await this._replace({ ...c, dueAt, overdue }, c.id, (t) => t.dueDone(name, formatDate(dueAt, this.lang)));
    });
  }

  private async _toggleHistory(c: LostContactCase) {
    const shown = new Map(this._history);
    if (shown.has(c.id)) {
      shown.delete(c.id);
      this._history = shown;
      return;
    }
    this._history = shown.set(c.id, 'loading');
    let history: History;
    try {
      history = (await api<{ data: ContactAttempt[] }>(`/v1/lost-contact/${encodeURIComponent(c.id)}/attempts`)).data;
    } catch (error) {
      history = this._explain(error);
    }
    if (this._history.has(c.id)) this._history = new Map(this._history).set(c.id, history);
  }

  private _historyList(c: LostContactCase) {
    const t = this._t;
    const history = this._history.get(c.id);
    if (history === undefined) return nothing;
    if (history === 'loading') return html`<p role="status">${this._c.loading}</p>`;
    if (typeof history === 'function') return html`<p class="error" role="alert">${history(this.lang)}</p>`;
    if (!history.length) return html`<p class="hint">${t.noAttempts}</p>`;
    return html`<ol class="history" aria-label=${t.attemptsOf(c.member.name)}>${history.map((a) => html`<li>
      <span class="when">${formatDateTime(a.at, this.lang)}</span> · ${t.channels[a.channel]}${a.fellow ? ` (${a.fellow.name})` : ''} · <strong>${t.outcomes[a.outcome]}</strong>${a.note ? ` · ${a.note}` : ''}
    </li>`)}</ol>`;
  }

  private _attemptForm(c: LostContactCase) {
    const t = this._t;
    const busy = this._busy === c.id;
    return html`<form class="sub" @submit=${(e: Event) => this._record(e, c)} novalidate>
      <div class="pair">
        <div class="field"><label for="channel">${t.channel}</label>
          <select id="channel" name="channel" class="input">${CHANNELS.map((ch) => html`<option value=${ch}>${t.channels[ch]}</option>`)}</select></div>
        <div class="field"><label for="outcome">${t.outcome}</label>
          <select id="outcome" name="outcome" class="input" aria-describedby="outcome-hint outcome-problem" aria-invalid=${this._formProblem ? 'true' : 'false'}
            @change=${() => { this._formProblem = false; }}>
            <option value="">${t.outcomePlaceholder}</option>
            ${OUTCOMES.map((o) => html`<option value=${o}>${t.outcomes[o]}</option>`)}
          </select></div>
      </div>
      <p id="outcome-hint" class="hint">${t.outcomeHint}</p>
      <p id="outcome-problem" class="error" role="alert">${this._formProblem ? t.outcomeMissing : ''}</p>
      <div class="field"><label for="note">${t.note}</label><textarea id="note" name="note" class="input" maxlength="500"></textarea></div>
      <div class="actions">
        <button type="submit" class="button primary" ?disabled=${busy}>${busy ? this._c.saving : t.saveAttempt}</button>
        <button type="button" class="button quiet" @click=${() => { this._form = null; }}>${this._c.cancel}</button>
      </div>
    </form>`;
  }

  private _assignForm(c: LostContactCase) {
    const t = this._t;
    const busy = this._busy === c.id;
    const list = this._assignees;
    if (list === 'loading') return html`<p class="sub" role="status">${this._c.loading}</p>`;
    if (typeof list === 'function') return html`<p class="sub error" role="alert">${list(this.lang)}</p>`;
    return html`<form class="sub" @submit=${(e: Event) => this._assign(e, c)} novalidate>
      <div class="field"><label for="assignee">${t.assignee}</label>
        <select id="assignee" name="assignee" class="input" aria-describedby="assignee-hint">${list.map((u) => html`<option value=${u.id}
          ?selected=${u.id === c.assignee?.id}>${u.name}（${u.roles.map((r) => t.roles[r]).join('、')}）</option>`)}</select></div>
      <p id="assignee-hint" class="hint">${t.assigneeHint}</p>
      <div class="actions">
        <button type="submit" class="button primary" ?disabled=${busy || !list.length}>${busy ? this._c.saving : t.saveAssignee}</button>
        <button type="button" class="button quiet" @click=${() => { this._form = null; }}>${this._c.cancel}</button>
      </div>
    </form>`;
  }

  private _closeForm(c: LostContactCase) {
    const t = this._t;
    const busy = this._busy === c.id;
    return html`<form class="sub" @submit=${(e: Event) => this._close(e, c)} novalidate>
      <div class="field"><label for="reason">${t.reason}</label>
        <select id="reason" name="reason" class="input" aria-describedby="close-problem" aria-invalid=${this._formProblem ? 'true' : 'false'}
          @change=${() => { this._formProblem = false; }}>
          <option value="">${t.outcomePlaceholder}</option>
          ${REASONS.map((r) => html`<option value=${r}>${t.closedReasons[r]}</option>`)}
        </select></div>
      <div class="field"><label for="close-note">${t.closeNote}</label>
        <textarea id="close-note" name="closeNote" class="input" maxlength="500" aria-describedby="close-problem"></textarea></div>
      <p id="close-problem" class="error" role="alert">${this._formProblem ? t.closeMissing : ''}</p>
      <div class="actions">
        <button type="submit" class="button primary" ?disabled=${busy}>${busy ? this._c.saving : t.saveClose}</button>
        <button type="button" class="button quiet" @click=${() => { this._form = null; }}>${this._c.cancel}</button>
      </div>
    </form>`;
  }

  private _dueForm(c: LostContactCase) {
    const t = this._t;
    const busy = this._busy === c.id;
    return html`<form class="sub" @submit=${(e: Event) => this._saveDue(e, c)} novalidate>
      <div class="field"><label for="due">${t.newDue}</label>
        <input id="due" class="input" type="date" required .value=${isoDate(c.dueAt)} aria-describedby="due-problem"
          aria-invalid=${this._formProblem ? 'true' : 'false'} @input=${() => { this._formProblem = false; }}></div>
      <p id="due-problem" class="error" role="alert">${this._formProblem ? t.newDueMissing : ''}</p>
      <div class="actions">
        <button type="submit" class="button primary" ?disabled=${busy}>${busy ? this._c.saving : t.saveDue}</button>
        <button type="button" class="button quiet" @click=${() => { this._form = null; }}>${this._c.cancel}</button>
      </div>
    </form>`;
  }

  private _case(c: LostContactCase) {
    const t = this._t;
    const cw = this._c;
    const m = c.member;
    const lang = this.lang;
    const heading = `h-${c.id}`;
    const snoozed = c.snoozedUntil !== null && c.snoozedUntil > Date.now();
    const busy = this._busy !== null;
    const error = this._caseErrors[c.id]?.(lang);
    const form = this._form?.id === c.id ? this._form.kind : null;
    const open = c.closedAt === null;
    return html`<li><article class="card" tabindex="-1" data-id=${c.id} aria-labelledby=${heading}>
      <div class="head">
        <h2 id=${heading}>${m.name}</h2>
        ${c.overdue ? html`<span class="badge bad">${t.overdue}</span>` : nothing}
        ${open && snoozed ? html`<span class="badge warn">${t.snoozed(formatDate(c.snoozedUntil!, lang))}</span>` : nothing}
        ${c.closedReason ? html`<span class="badge ok">${t.closedReasons[c.closedReason]}</span>` : nothing}
      </div>
      <p><span class="sr-only">${cw.mobile}</span><a class="tel phone" href="tel:${m.mobile}">${m.mobile}</a></p>
      <dl>
        <dt>${t.homeUnit}</dt><dd>${pick(m.homeUnit.name, lang)}</dd>
        <dt>${t.hostBranch}</dt><dd>${m.hostBranch ? pick(m.hostBranch.name, lang) : cw.noBranch}</dd>
        <dt>${t.due}</dt><dd>${formatDate(c.dueAt, lang)}</dd>
        <dt>${t.assignee}</dt><dd>${c.assignee?.name ?? t.unassigned}</dd>
        <dt>${t.attempts}</dt><dd>${t.attemptsValue(c.attempts, c.lastAttemptAt ? formatDate(c.lastAttemptAt, lang) : null)}</dd>
        <dt>${t.lastCheckIn}</dt><dd>${m.lastCheckInAt ? formatDate(m.lastCheckInAt, lang) : cw.never}</dd>
        <dt>${t.opened}</dt><dd>${formatDate(c.openedAt, lang)}</dd>
        ${c.closedAt ? html`<dt>${t.closedAt}</dt><dd>${formatDateTime(c.closedAt, lang)}</dd>` : nothing}
        ${c.closedNote ? html`<dt>${t.closeNoteShown}</dt><dd>${c.closedNote}</dd>` : nothing}
        ${c.campaign ? html`<dt>${t.campaign}</dt><dd>${lang === 'en' && c.campaign.title.en ? c.campaign.title.en : c.campaign.title.zh}</dd>` : nothing}
      </dl>
      <console-member-fields .lang=${lang} .acting=${this.acting} .member=${{ id: m.id, name: m.name, moveDistance: m.moveDistance, hasActivityCard: m.hasActivityCard }}
        @console-member-changed=${(e: CustomEvent<StaffMember>) => this._memberChanged(c.id, e.detail)}></console-member-fields>
      ${error ? html`<p class="error" role="alert">${error}</p>` : nothing}
      <div class="actions">
        ${open ? html`<button type="button" class="button primary" aria-expanded=${form === 'attempt' ? 'true' : 'false'} ?disabled=${busy}
          @click=${() => this._open(c, 'attempt')}>${t.record}</button>
        <button type="button" class="button" aria-expanded=${form === 'fellows' ? 'true' : 'false'} ?disabled=${busy}
          @click=${() => this._open(c, 'fellows')}>${t.askFellows}</button>` : nothing}
        <button type="button" class="button" aria-expanded=${this._history.has(c.id) ? 'true' : 'false'}
          @click=${() => this._toggleHistory(c)}>${this._history.has(c.id) ? t.hideHistory : t.history(c.attempts)}</button>
        ${open ? nothing : html`<button type="button" class="button" ?disabled=${busy} @click=${() => this._reopen(c)}>${t.reopen}</button>`}
      </div>
      ${form === 'attempt' ? this._attemptForm(c) : nothing}
      ${form === 'fellows' ? html`<console-lost-contact-fellows tabindex="-1" .lang=${lang} .acting=${this.acting} .caseId=${c.id} .memberName=${m.name}
        ?busy=${this._busy === c.id} @console-fellow-asked=${(e: CustomEvent<FellowAsked>) => this._fellowAsked(c, e.detail)}></console-lost-contact-fellows>` : nothing}
      ${this._historyList(c)}
      ${open ? html`<div class="actions">
        <button type="button" class="button quiet" ?disabled=${busy} @click=${() => this._snooze(c, 7)}>${t.snooze(7)}</button>
        <button type="button" class="button quiet" ?disabled=${busy} @click=${() => this._snooze(c, 30)}>${t.snooze(30)}</button>
        <button type="button" class="button quiet" aria-expanded=${form === 'due' ? 'true' : 'false'} ?disabled=${busy}
          @click=${() => this._open(c, 'due')}>${t.changeDue}</button>
        <button type="button" class="button quiet" aria-expanded=${form === 'assign' ? 'true' : 'false'} ?disabled=${busy}
          @click=${() => this._open(c, 'assign')}>${t.assign}</button>
        <button type="button" class="button quiet" aria-expanded=${form === 'close' ? 'true' : 'false'} ?disabled=${busy}
          @click=${() => this._open(c, 'close')}>${t.close}</button>
      </div>` : nothing}
      ${form === 'due' ? this._dueForm(c) : form === 'assign' ? this._assignForm(c) : form === 'close' ? this._closeForm(c) : nothing}
    </article></li>`;
  }

  override render() {
    const t = this._t;
    const c = this._c;
    return html`
      <h1>${t.title}</h1>
      <p class="intro">${t.intro}</p>
      <div class="segmented" role="group" aria-label=${t.statusGroup}>
        ${STATUSES.map((s) => html`<button type="button" class="button" aria-pressed=${s === this._status ? 'true' : 'false'}
          @click=${() => this._show(s)}>${t.statuses[s]}</button>`)}
      </div>
      <div id="list-status" class="status" tabindex="-1" role="status">
        ${this._notice ? html`<p class="notice">${this._notice(t)}</p>` : nothing}
        ${this._loading === 'all' ? html`<p>${c.loading}</p>`
          : this._error ? nothing
          : !this._cases.length ? html`<p>${t.empty[this._status]}</p>`
          : html`<p class="hint">${t.loaded(this._cases.length, this._next !== null)}</p>`}
      </div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}
      <ol class="rows" aria-label=${t.list}>${repeat(this._cases, (x) => x.id, (x) => this._case(x))}</ol>
      ${this._next ? html`<div class="more"><button type="button" class="button" ?disabled=${this._loading !== null}
        @click=${() => this._load(false)}>${this._loading === 'more' ? c.loadingMore : c.loadMore}</button></div>` : nothing}
    `;
  }
}

customElements.define('console-lost-contact', ConsoleLostContact);

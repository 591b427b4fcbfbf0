// <console-roster>: 花名册. The roster trees of the acting role's sides (home: towns → villages;
// host: committees → branches; the home admin both), opened a level at a time, each node with its
// member count. Picking a town, village or branch lists its members (GET /v1/members?homeUnit= or
// ?branch=, by category, mobile verified, last check-in before a date, never checked in); picking
// a committee lists its branches. A filtered page looks through the next members of the node and
// may list few or none, so a load goes on for a few pages until it has enough to show. A member
// opens a dialog with the whole record (GET /v1/members/{id}), where staff change how far the
// member moved and the activity card (<console-member-fields>), and its history below.
import { css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { Member, MemberPage, StaffMember } from '../../../schema/members.ts';
import type { RosterLevel, RosterNode } from '../../../schema/roster.ts';
import { api } from '../api.ts';
import { pick, type Lang } from '../i18n.ts';
import { sidesOf } from '../roles.ts';
import { CATEGORIES, dayStart, formatDateTime, ScreenElement, screenStyles, type Category } from '../screen.ts';
import { base } from '../styles.ts';
import { type NodePicked } from '../tree/tree.ts';
import '../tree/tree.ts';
import './member-history.ts';
import '../member-fields/member-fields.ts';
import { rosterMessages } from './messages.ts';

/** Members the server looks through per page (its maximum), pages per load, and rows enough to stop early. */
const PAGE_SIZE = 100;
const MAX_PAGES = 10;
const ENOUGH = 50;

type Detail = { id: string; name: string; member?: StaffMember; error?: (lang: Lang) => string };

export class ConsoleRoster extends ScreenElement {
  static override properties = {
    _picked: { state: true }, _category: { state: true }, _verified: { state: true }, _before: { state: true }, _never: { state: true },
    _members: { state: true }, _next: { state: true },
    _loading: { state: true }, _error: { state: true }, _branches: { state: true }, _detail: { state: true },
  };
  static override styles = [base, screenStyles, css`
    .layout { display: grid; gap: 1rem; }
    @media (min-width: 64rem) { .layout { grid-template-columns: minmax(19rem, 26rem) minmax(0, 1fr); align-items: start; } }
    .trees, .panel { padding: 0.75rem; display: grid; gap: 0.5rem; align-content: start; }
    .trees h2 { font-size: 1rem; color: var(--muted); padding: 0.25rem 0.5rem 0; }
    .trees h2 + console-tree { margin-bottom: 0.5rem; }
    .panel-head { display: grid; gap: 0.25rem; }
    .panel-head h2:focus { outline: none; }
    .filter { display: flex; flex-wrap: wrap; align-items: end; gap: 0.5rem 1rem; }
    .filter .field { display: grid; gap: 0.25rem; flex: 1 1 auto; min-width: 8rem; max-width: 16rem; }
    .filter .never { display: flex; align-items: center; gap: 0.5rem; min-height: 2.75rem; }
    .filter input[type='checkbox'] { width: 1.375rem; height: 1.375rem; accent-color: var(--accent); flex: none; }
    .member {
      width: 100%; min-height: 2.75rem; display: grid; gap: 0.125rem; padding: 0.625rem 0.75rem; text-align: start; cursor: pointer;
      border: 1px solid var(--line); border-radius: var(--radius); background: var(--surface);
    }
    @media (hover: hover) { .member:hover { border-color: var(--line-strong); background: var(--page); } }
    .member .top { display: flex; flex-wrap: wrap; align-items: center; gap: 0.25rem 0.5rem; }
    .member strong { font-size: 1.0625rem; }
    .member .meta { color: var(--muted); font-size: 0.875rem; overflow-wrap: anywhere; }
    .branch { width: 100%; justify-content: space-between; }
    dialog {
      width: min(34rem, calc(100vw - 1.5rem)); max-height: calc(100vh - 2rem); padding: 1rem; border: 0;
      border-radius: var(--radius); box-shadow: 0 12px 32px rgb(0 0 0 / 0.25); color: var(--ink);
    }
    dialog::backdrop { background: rgb(0 0 0 / 0.45); }
    .dialog-head { display: flex; align-items: center; justify-content: space-between; gap: 0.75rem; margin-bottom: 0.75rem; }
  `];

  declare private _picked: NodePicked | null;
  declare private _category: Category | '';
  declare private _verified: '' | 'true' | 'false';
  /** Last check-in before this day (`YYYY-MM-DD`, Shanghai); '' for any. */
  declare private _before: string;
  declare private _never: boolean;
  declare private _members: StaffMember[];
  declare private _next: string | null;
  declare private _loading: 'all' | 'more' | null;
  declare private _error: ((lang: Lang) => string) | null;
  /** A committee's branches, once it is picked. */
  declare private _branches: RosterNode[] | null;
  declare private _detail: Detail | null;
  private _generation = 0;

  constructor() {
    super();
    this._picked = null;
    this._category = '';
    this._verified = '';
    this._before = '';
    this._never = false;
    this._members = [];
    this._next = null;
    this._loading = null;
    this._error = null;
    this._branches = null;
    this._detail = null;
  }

  private get _t() { return rosterMessages[this.lang]; }

  private async _pick(picked: NodePicked) {
    this._picked = picked;
    this._branches = null;
    await this._load(true);
    // On a phone the list is below the trees: take the reader there.
    if (matchMedia('(max-width: 63.99rem)').matches) this.renderRoot.querySelector<HTMLElement>('#panel-title')?.focus();
  }

  private async _load(reset: boolean) {
    const picked = this._picked;
    if (!picked) return;
    const generation = reset ? ++this._generation : this._generation;
    this._loading = reset ? 'all' : 'more';
    this._error = null;
    if (reset) {
      this._members = [];
      this._next = null;
    }
    try {
      if (picked.node.kind === 'committee') {
        const level = await api<RosterLevel>(`/v1/roster/tree?${new URLSearchParams({ side: 'host', parent: picked.node.id })}`);
        if (generation === this._generation) this._branches = level.nodes;
        return;
      }
      const query = new URLSearchParams({ [picked.node.kind === 'branch' ? 'branch' : 'homeUnit']: picked.node.id, limit: String(PAGE_SIZE) });
      if (this._category) query.set('category', this._category);
      if (this._verified) query.set('verified', this._verified);
      const before = dayStart(this._before);
      if (!Number.isNaN(before)) query.set('lastCheckInBefore', String(before));
      if (this._never) query.set('neverCheckedIn', 'true');
      let cursor = reset ? null : this._next;
      // A filtered page may list few or none of the members it looked through: go on for a while.
      for (let pages = 0, found = 0; pages < MAX_PAGES && found < ENOUGH; pages += 1) {
        if (cursor) query.set('cursor', cursor);
        const page = await api<MemberPage>(`/v1/members?${query}`);
        if (generation !== this._generation) return;
        const rows = page.data.filter((m): m is StaffMember => m.view === 'staff');
        this._members = [...this._members, ...rows];
        this._next = cursor = page.nextCursor;
        found += rows.length;
        if (!cursor) break;
      }
    } catch (error) {
      if (generation === this._generation) this._error = this._explain(error);
    } finally {
      if (generation === this._generation) this._loading = null;
    }
  }

  private async _open(member: StaffMember, opener: HTMLElement) {
    this._detail = { id: member.id, name: member.name };
    await this.updateComplete;
    const dialog = this.renderRoot.querySelector<HTMLDialogElement>('dialog')!;
    dialog.addEventListener('close', () => { this._detail = null; opener.focus(); }, { once: true });
    dialog.showModal();
    try {
      const full = await api<Member>(`/v1/members/${encodeURIComponent(member.id)}`);
      if (this._detail?.id === member.id && full.view === 'staff') this._detail = { ...this._detail, member: full };
    } catch (error) {
      if (this._detail?.id === member.id) this._detail = { ...this._detail, error: this._explain(error) };
    }
  }

  private _row(m: StaffMember) {
    const c = this._c;
    const t = this._t;
    const where = this._picked?.side === 'host' ? pick(m.homeUnit.name, this.lang) : m.hostBranch ? pick(m.hostBranch.name, this.lang) : c.noBranch;
    return html`<li><button type="button" class="member" data-id=${m.id} @click=${(e: Event) => this._open(m, e.currentTarget as HTMLElement)}>
      <span class="top"><strong>${m.name}</strong><span class="badge plain">${c.categories[m.category]}</span></span>
      <span class="meta"><span class="num">${m.mobile}</span> · ${where}</span>
      <span class="meta">${t.lastCheckIn}${c.sep}${m.lastCheckInAt ? formatDateTime(m.lastCheckInAt, this.lang) : c.never}</span>
    </button></li>`;
  }

  private _panel() {
    const c = this._c;
    const t = this._t;
    const picked = this._picked;
    if (!picked) return html`<p class="hint">${t.pickNode}</p>`;
    const name = pick(picked.node.name, this.lang);
    const head = html`<div class="panel-head">
      <h2 id="panel-title" tabindex="-1">${name}</h2>
      <p class="hint">${c.kinds[picked.node.kind]} · ${c.members(picked.node.memberCount)}</p>
    </div>`;
    const status = html`<div class="status" role="status">${this._loading === 'all' ? html`<p>${c.loading}</p>`
      : this._error ? nothing
      : picked.node.kind === 'committee' ? nothing
      : !this._members.length ? html`<p>${this._next ? t.noneYet : this._filtered() ? t.noMatch : t.empty}</p>`
      : html`<p class="hint">${t.loaded(this._members.length, this._next !== null)}</p>`}</div>
      ${this._error ? html`<p class="notice bad" role="alert">${this._error(this.lang)}</p>` : nothing}`;
    if (picked.node.kind === 'committee') {
      return html`${head}<h3 class="label">${t.branchesOf}</h3>${status}
        ${this._branches && !this._branches.length ? html`<p>${t.noBranches}</p>` : nothing}
        <ul class="rows">${(this._branches ?? []).map((b) => html`<li><button type="button" class="button quiet branch"
          @click=${() => this._pick({ node: b, side: 'host' })}><span>${pick(b.name, this.lang)}</span><span class="badge plain">${c.members(b.memberCount)}</span></button></li>`)}</ul>`;
    }
    return html`${head}
      ${this._filters()}
      ${status}
      <ul class="rows" aria-label=${t.memberList(name)}>${repeat(this._members, (m) => m.id, (m) => this._row(m))}</ul>
      ${this._next ? html`<div class="more"><button type="button" class="button" ?disabled=${this._loading !== null}
        @click=${() => this._load(false)}>${this._loading === 'more' ? c.loadingMore : c.loadMore}</button></div>` : nothing}`;
  }

  private _filtered() { return Boolean(this._category || this._verified || this._before || this._never); }

  /** The filter bar: each change lists the node's members afresh. */
  private _filters() {
    const c = this._c;
    const t = this._t;
    const value = (e: Event) => (e.target as HTMLInputElement | HTMLSelectElement).value;
    return html`<div class="filter" role="group" aria-label=${t.filters}>
      <div class="field"><label for="category" class="label">${t.category}</label>
        <select id="category" class="input" @change=${(e: Event) => { this._category = value(e) as Category | ''; void this._load(true); }}>
          <option value="" ?selected=${!this._category}>${t.allCategories}</option>
          ${CATEGORIES.map((k) => html`<option value=${k} ?selected=${this._category === k}>${c.categories[k]}</option>`)}
        </select></div>
      <div class="field"><label for="verified" class="label">${t.verified}</label>
        <select id="verified" class="input" @change=${(e: Event) => { this._verified = value(e) as '' | 'true' | 'false'; void this._load(true); }}>
          <option value="" ?selected=${!this._verified}>${t.anyVerified}</option>
          <option value="true" ?selected=${this._verified === 'true'}>${t.isVerified}</option>
          <option value="false" ?selected=${this._verified === 'false'}>${t.notVerified}</option>
        </select></div>
      <div class="field"><label for="before" class="label">${t.lastBefore}</label>
        <input id="before" class="input" type="date" .value=${this._before}
          @change=${(e: Event) => { this._before = value(e); void this._load(true); }}></div>
      <label class="never"><input id="never" type="checkbox" .checked=${this._never}
        @change=${(e: Event) => { this._never = (e.target as HTMLInputElement).checked; void this._load(true); }}>${t.never}</label>
    </div>`;
  }

  /** One dialog element, opened (showModal) for a member and filled in when the record arrives. */
  private _dialog() {
    const d = this._detail;
    const c = this._c;
    const t = this._t;
    const m = d?.member;
    return html`<dialog aria-labelledby="detail-title">
      <div class="dialog-head"><h2 id="detail-title">${d ? t.details(d.name) : t.title}</h2>
        <button type="button" class="button quiet" @click=${(e: Event) => (e.target as HTMLElement).closest('dialog')!.close()}>${c.close}</button></div>
      ${!d ? nothing : d.error ? html`<p class="notice bad" role="alert">${d.error(this.lang)}</p>`
        : !m ? html`<p role="status">${c.loading}</p>`
        : html`<dl>
          <dt>${c.mobile}</dt><dd><a class="tel" href="tel:${m.mobile}">${m.mobile}</a></dd>
          <dt>${t.category}</dt><dd>${c.categories[m.category]}</dd>
          <dt>${t.homeUnit}</dt><dd>${pick(m.homeUnit.name, this.lang)}</dd>
          <dt>${t.hostBranch}</dt><dd>${m.hostBranch ? pick(m.hostBranch.name, this.lang) : c.noBranch}</dd>
          <dt>${t.city}</dt><dd>${m.currentCity ?? c.none}</dd>
          <dt>${t.employer}</dt><dd>${m.employer ?? c.none}</dd>
          <dt>${t.lastCheckIn}</dt><dd>${m.lastCheckInAt ? formatDateTime(m.lastCheckInAt, this.lang) : c.never}</dd>
        </dl>
        <console-member-fields .lang=${this.lang} .acting=${this.acting} .member=${m}
          @console-member-changed=${(e: CustomEvent<StaffMember>) => { if (this._detail) this._detail = { ...this._detail, member: e.detail }; }}></console-member-fields>
        <console-member-history .lang=${this.lang} .acting=${this.acting} member-id=${m.id}></console-member-history>`}
    </dialog>`;
  }

  override render() {
    const t = this._t;
    const sides = sidesOf(this.acting.role);
    const picked = this._picked;
    return html`
      <h1>${t.title}</h1>
      <div class="layout">
        <section class="trees card" aria-label=${t.trees}>
          ${sides.map((side) => html`<h2 id="tree-${side}">${side === 'home' ? t.home : t.host}</h2>
            <console-tree .lang=${this.lang} side=${side} .label=${side === 'home' ? t.home : t.host}
              .selected=${picked?.side === side ? picked.node.id : null}
              @console-node=${(e: CustomEvent<NodePicked>) => this._pick(e.detail)}></console-tree>`)}
        </section>
        <section class="panel card" aria-labelledby=${picked ? 'panel-title' : nothing} aria-label=${picked ? nothing : t.membersTitle}>
          ${this._panel()}
        </section>
      </div>
      ${this._dialog()}
    `;
  }
}

customElements.define('console-roster', ConsoleRoster);

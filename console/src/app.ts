// <ginkgo-console>: the shell. It asks the server who is signed in (GET /v1/me), then loads the
// screen that fits, each a chunk of its own: the sign-in screen, or the account bar and the screen
// the route names, among those the acting grant's role has (roles.ts), with a tab for each.
// Routes are hashes (#/sign-in, #/queue, #/roster…), so the server serves one static page for all
// of them. An invitation link (#/invite/<token>) is accepted once its invitee is signed in
// (POST /auth/invitations/accept); the token waits in sessionStorage, out of the address bar.
import { html, LitElement, css, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { api, ApiError, grant } from './api.ts';
import { initialLang, shellMessages, storeLang, type Lang } from './i18n.ts';
import { SCREENS, screensFor, type Screen } from './roles.ts';
import type { Role } from '../../schema/tables.ts';
import type { Me, StaffGrant } from '../../schema/staff.ts';
import { base } from './styles.ts';

type Words = (typeof shellMessages)['en'];
/** Why the sign-in screen shows: the session ended, or an invitation waits for its invitee. */
export type SignedOutReason = 'expired' | 'invite';

type Session =
  | { kind: 'loading' }
  | { kind: 'signed-out'; reason?: SignedOutReason }
  | { kind: 'signed-in'; me: Me }
  | { kind: 'no-grants' }
  | { kind: 'error'; message: string };

export type Route = 'sign-in' | Screen;
const ROUTES: readonly Route[] = ['sign-in', ...SCREENS];
/** A screen may take a path after its name (#/campaigns/<id>): a link into it. */
const routeOf = (hash: string): Route | undefined => ROUTES.find((r) => hash === `#/${r}` || (r === 'campaigns' && hash.startsWith(`#/${r}/`)));

/** Set once signed in in this browser: then the shell does not fetch the sign-in chunk before asking /v1/me. */
const SIGNED_IN_HINT = 'ginkgo-console-signed-in';
const hint = {
  get: () => { try { return localStorage.getItem(SIGNED_IN_HINT) === '1'; } catch { return false; } },
  set: (on: boolean) => { try { if (on) localStorage.setItem(SIGNED_IN_HINT, '1'); else localStorage.removeItem(SIGNED_IN_HINT); } catch { /* off */ } },
};

/** An invitation's token, from its link until it is accepted (or refused) in this tab. */
const INVITE_KEY = 'ginkgo-console-invite';
const INVITE_ROUTE = /^#\/invite\/([A-Za-z0-9_-]{43})$/;
const invite = {
  get: () => { try { return sessionStorage.getItem(INVITE_KEY); } catch { return null; } },
  set: (token: string | null) => {
    try { if (token) sessionStorage.setItem(INVITE_KEY, token); else sessionStorage.removeItem(INVITE_KEY); } catch { /* off */ }
  },
};

const loadSignIn = () => import('./sign-in/sign-in.ts');
const loadAccount = () => import('./account/account.ts');
/** Each screen's chunk, fetched when its route is first shown. */
const loaders: Record<Screen, () => Promise<unknown>> = {
  queue: () => import('./queue/queue.ts'),
  roster: () => import('./roster/roster.ts'),
  'not-reported': () => import('./not-reported/not-reported.ts'),
  'lost-contact': () => import('./lost-contact/lost-contact.ts'),
  organisation: () => import('./organisation/organisation.ts'),
  staff: () => import('./staff/staff.ts'),
  import: () => import('./import/import.ts'),
  'service-desk': () => import('./service-desk/service-desk.ts'),
  stations: () => import('./stations/stations.ts'),
  'data-requests': () => import('./data-requests/data-requests.ts'),
  keys: () => import('./keys/keys.ts'),
  audit: () => import('./audit/audit.ts'),
  campaigns: () => import('./campaigns/campaigns.ts'),
};

const actingGrant = (me: Me): StaffGrant => me.grants.find((g) => g.id === me.grant) ?? me.grants[0]!;

export class GinkgoConsole extends LitElement {
  static override properties = {
    lang: { state: true }, session: { state: true }, flash: { state: true }, screen: { state: true }, queueCount: { state: true },
  };
  static override styles = [base, css`
    .bar { background: var(--accent); color: #fff; }
    .bar-row {
      display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1rem;
      max-width: 72rem; margin: 0 auto; padding: 0.5rem 1rem;
    }
    .brand { display: flex; align-items: center; gap: 0.625rem; margin: 0; line-height: 1.2; }
    .logo {
      flex: none; display: grid; place-items: center; width: 2.25rem; height: 2.25rem; border-radius: 0.5rem;
      background: #f6c343; color: var(--accent); font-weight: 800;
    }
    .brand small { display: block; font-size: 0.8125rem; }
    .lang {
      min-height: 2.75rem; min-width: 2.75rem; padding: 0.25rem 0.875rem; border-radius: 999px; cursor: pointer;
      border: 1px solid rgb(255 255 255 / 0.8); background: transparent; color: #fff; font-size: 0.9375rem;
    }
    .lang:focus-visible { outline-color: #fff; }
    /* A phone: the brand and the language on the first line, the account below. */
    .lang { order: 1; }
    console-account { order: 2; flex: 1 1 100%; min-width: 0; }
    @media (min-width: 60rem) {
      /* The room between the brand and the language, whatever the account's own width. */
      console-account { order: 1; flex: 1 1 0; }
      .lang { order: 2; }
    }
    .tabs { background: var(--surface); border-bottom: 1px solid var(--line); }
    /* Every tab in view: on a phone they wrap rather than hide off the edge. */
    .tabs ul { display: flex; flex-wrap: wrap; gap: 0 0.125rem; max-width: 72rem; margin: 0 auto; padding: 0 0.5rem; list-style: none; }
    .tabs a {
      display: inline-flex; align-items: center; min-height: 2.75rem; padding: 0.25rem 0.5rem; white-space: nowrap;
      color: var(--ink); text-decoration: none; font-weight: 600; border-bottom: 3px solid transparent;
    }
    .tabs a[aria-current='page'] { color: var(--accent); border-bottom-color: var(--accent); }
    @media (hover: hover) { .tabs a:hover { color: var(--accent); } }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; outline: none; }
    .flash { max-width: 40rem; margin: 0 auto 1rem; }
    .center { display: grid; gap: 1rem; justify-items: start; padding: 2rem 0; }
  `];

  declare lang: Lang;
  declare session: Session;
  /** What happened to an invitation, shown above the screen. */
  declare flash: ((t: Words) => string) | null;
  /** The screen shown once signed in (its chunk loaded); null while none is, or the role has none. */
  declare screen: Screen | null;
  /** What the queue last said it holds, for its tab. */
  declare queueCount: { n: number; more: boolean } | null;
  /** The route asked for while signed out (or its chunk loading): shown once it can be. */
  private _wanted: Screen | null = null;

  constructor() {
    super();
    this.lang = initialLang();
    this.session = { kind: 'loading' };
    this.flash = null;
    this.screen = null;
    this.queueCount = null;
    const asked = routeOf(location.hash);
    if (asked && asked !== 'sign-in') this._wanted = asked;
    this._takeInvite();
    this.addEventListener('console-signed-in', () => { hint.set(true); void this._loadSession(); });
    this.addEventListener('console-signed-out', (e) => this._signedOut((e as CustomEvent<{ reason?: SignedOutReason }>).detail?.reason));
    this.addEventListener('console-grant', (e) => this._switchGrant((e as CustomEvent<string>).detail));
    this.addEventListener('console-count', (e) => { this.queueCount = (e as CustomEvent<{ n: number; more: boolean }>).detail; });
    this._applyLang();
    void this._loadSession();
  }

  /** An invitation link: keep its token for after sign-in, and take it out of the address bar and history. */
  private _takeInvite(): boolean {
    const token = INVITE_ROUTE.exec(location.hash)?.[1];
    if (!token) return false;
    invite.set(token);
    history.replaceState(null, '', '#/sign-in');
    return true;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    addEventListener('hashchange', this._onHash);
  }

  override disconnectedCallback(): void {
    removeEventListener('hashchange', this._onHash);
    super.disconnectedCallback();
  }

  private _onHash = () => {
    if (this._takeInvite()) {
      this.session = { kind: 'loading' };
      return void this._loadSession();
    }
    const route = routeOf(location.hash);
    const s = this.session;
    if (s.kind === 'signed-in') return void this._show(s.me, route === 'sign-in' ? undefined : route);
    if (s.kind === 'signed-out') {
      if (route && route !== 'sign-in') this._wanted = route;
      return this._go('sign-in');
    }
  };

  /** The screens of the acting grant's role, in tab order. */
  private _screens(me: Me): Screen[] {
    return screensFor(actingGrant(me).role);
  }

  /** Shows `route` if the role has it (else the role's first screen), once its chunk is loaded. */
  private async _show(me: Me, route?: Screen): Promise<void> {
    const screens = this._screens(me);
    const target = route && screens.includes(route) ? route : screens[0];
    if (!target) {
      this.screen = null;
      return;
    }
    this._go(target);
    this._wanted = target === this.screen ? null : target;
    if (!this._wanted) return;
    try {
      await loaders[target]();
    } catch {
      // A chunk that would not load (offline, or a deployment replaced it): the error screen offers a retry.
      this.session = { kind: 'error', message: shellMessages[this.lang].network };
      return;
    }
    if (this._wanted !== target || this.session.kind !== 'signed-in') return;
    this._wanted = null;
    this.screen = target;
  }

  /** Another route, without a history entry of its own (the tabs make those). */
  private _go(route: Route) {
    if (routeOf(location.hash) !== route) history.replaceState(null, '', `#/${route}`);
  }

  private async _loadSession(retried = false): Promise<void> {
    const signIn = hint.get() ? undefined : loadSignIn();
    try {
      const accepted = await this._acceptInvite();
      let me = await api<Me>('/v1/me');
      // Act through the grant just accepted.
      const fresh = accepted && me.grants.find((g) => g.role === accepted.role && (g.scopeNode?.id ?? null) === accepted.scopeNodeId);
      if (fresh && fresh.id !== me.grant) {
        grant.set(fresh.id);
        me = { ...me, grant: fresh.id };
      }
      if (!me.grants.length) {
        this.session = { kind: 'no-grants' };
        return;
      }
      if (!me.grants.some((g) => g.id === grant.get())) grant.set(null);
      const wanted = this._wanted ?? undefined;
      const first = this._screens(me).includes(wanted!) ? wanted! : this._screens(me)[0];
      await Promise.all([loadAccount(), first ? loaders[first]() : undefined]);
      hint.set(true);
      this.session = { kind: 'signed-in', me };
      await this._show(me, first);
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        await (signIn ?? loadSignIn());
        this._signedOut(invite.get() ? 'invite' : undefined, this._wanted);
      } else if (error instanceof ApiError && error.status === 403 && grant.get() && !retried) {
        // The chosen grant was taken away: act as the server's default one.
        grant.set(null);
        return this._loadSession(true);
      } else if (error instanceof ApiError && error.status === 403) {
        // Signed in, but no grant is live any more.
        this.session = { kind: 'no-grants' };
      } else {
        const t = shellMessages[this.lang];
        this.session = { kind: 'error', message: error instanceof ApiError && error.status ? t.failed(error.message) : t.network };
      }
    }
  }

  /**
   * The invitation waiting in this tab, accepted for the signed-in user: its role and node, or
   * undefined (none waiting, or refused: then the flash says so). Throws the 401 of no session.
   */
  private async _acceptInvite(): Promise<{ role: Role; scopeNodeId: string | null } | undefined> {
    const token = invite.get();
    if (!token) return undefined;
    try {
      const accepted = await api<{ role: Role; scopeNodeId: string | null }>('/auth/invitations/accept', { method: 'POST', body: { token } });
      invite.set(null);
      this.flash = (t) => t.inviteAccepted;
      return accepted;
    } catch (error) {
      if (!(error instanceof ApiError) || error.status === 401 || error.status === 0 || error.status >= 500) throw error;
      // Used, expired, for another mobile, or not a token: it will not work later either.
      invite.set(null);
      this.flash = (t) => t.inviteRefused;
      return undefined;
    }
  }

  /** To the sign-in screen; `wanted` is shown after the next sign-in (if the role has it). */
  private _signedOut(reason?: SignedOutReason, wanted: Screen | null = reason === 'expired' ? this.screen : null) {
    hint.set(false);
    grant.set(null);
    if (reason !== 'invite') this.flash = null;
    this._wanted = wanted;
    this.screen = null;
    this.queueCount = null;
    this.session = { kind: 'signed-out', reason };
    this._go('sign-in');
    void loadSignIn();
  }

  private _switchGrant(id: string) {
    if (this.session.kind !== 'signed-in') return;
    grant.set(id);
    const me = { ...this.session.me, grant: id };
    this.queueCount = null;
    this.session = { kind: 'signed-in', me };
    // The new role may not have the screen shown.
    if (this.screen && !this._screens(me).includes(this.screen)) void this._show(me);
  }

  private _applyLang() {
    document.documentElement.lang = this.lang;
    document.title = shellMessages[this.lang].docTitle;
  }

  private _toggleLang() {
    this.lang = this.lang === 'en' ? 'zh-CN' : 'en';
    storeLang(this.lang);
    this._applyLang();
  }

  private async _signOut() {
    try { await api('/auth/sign-out', { method: 'POST', body: {} }); } catch { /* signed out either way */ }
    this._signedOut();
  }

  override render() {
    const t = shellMessages[this.lang];
    const s = this.session;
    const other: Lang = this.lang === 'en' ? 'zh-CN' : 'en';
    return html`
      <header class="bar">
        <div class="bar-row">
          <p class="brand"><span class="logo" aria-hidden="true">银</span>
            <span><strong>${t.product}</strong><small>${t.console}</small></span></p>
          ${s.kind === 'signed-in' ? html`<console-account .lang=${this.lang} .me=${s.me}></console-account>` : nothing}
          <button type="button" class="lang" lang=${other} @click=${this._toggleLang}>${t.switchTo}</button>
        </div>
      </header>
      ${s.kind === 'signed-in' ? this._tabs(s.me) : nothing}
      <main id="main" tabindex="-1">
        ${this.flash ? html`<p class="notice flash" role="status">${this.flash(t)}</p>` : nothing}
        ${this._screen(s)}
      </main>
    `;
  }

  private _tabs(me: Me) {
    const t = shellMessages[this.lang];
    const screens = this._screens(me);
    if (!screens.length) return nothing;
    const count = this.queueCount;
    return html`<nav class="tabs" aria-label=${t.sections}><ul>
      ${screens.map((screen) => html`<li><a href="#/${screen}" aria-current=${screen === this.screen ? 'page' : 'false'}>${
        screen === 'queue' && count ? t.queueTab(count.n, count.more) : t.tabs[screen]}</a></li>`)}
    </ul></nav>`;
  }

  /** The screen's element, made anew for each grant (a switch starts it over). */
  private _signedIn(me: Me) {
    const t = shellMessages[this.lang];
    const acting = actingGrant(me);
    const lang = this.lang;
    switch (this.screen) {
      case null: return html`<p class="center" role="status">${this._screens(me).length ? t.loading : t.noScreens}</p>`;
      case 'queue': return html`<console-queue .lang=${lang} .grant=${me.grant}></console-queue>`;
      case 'roster': return keyed(acting.id, html`<console-roster .lang=${lang} .acting=${acting}></console-roster>`);
      case 'not-reported': return keyed(acting.id, html`<console-not-reported .lang=${lang} .acting=${acting}></console-not-reported>`);
      case 'lost-contact': return keyed(acting.id, html`<console-lost-contact .lang=${lang} .acting=${acting}></console-lost-contact>`);
      case 'organisation': return keyed(acting.id, html`<console-organisation .lang=${lang} .acting=${acting}></console-organisation>`);
      case 'staff': return keyed(acting.id, html`<console-staff .lang=${lang} .acting=${acting}></console-staff>`);
      case 'import': return keyed(acting.id, html`<console-import .lang=${lang} .acting=${acting}></console-import>`);
      case 'service-desk': return keyed(acting.id, html`<console-service-desk .lang=${lang} .acting=${acting}></console-service-desk>`);
      case 'stations': return keyed(acting.id, html`<console-stations .lang=${lang} .acting=${acting}></console-stations>`);
      case 'data-requests': return keyed(acting.id, html`<console-data-requests .lang=${lang} .acting=${acting}></console-data-requests>`);
      case 'keys': return keyed(acting.id, html`<console-keys .lang=${lang} .acting=${acting}></console-keys>`);
      case 'audit': return keyed(acting.id, html`<console-audit .lang=${lang} .acting=${acting}></console-audit>`);
      case 'campaigns': return keyed(acting.id, html`<console-campaigns .lang=${lang} .acting=${acting}></console-campaigns>`);
    }
  }

  private _screen(s: Session) {
    const t = shellMessages[this.lang];
    switch (s.kind) {
      case 'loading': return html`<p class="center" role="status">${t.loading}</p>`;
      case 'signed-out': return html`<console-sign-in .lang=${this.lang}
        .notice=${s.reason === 'invite' ? t.inviteSignIn : s.reason === 'expired' ? t.signedOut : ''}></console-sign-in>`;
      case 'signed-in': return this._signedIn(s.me);
      case 'no-grants': return html`<div class="center"><p class="notice" role="alert">${t.noGrants}</p>
        <button type="button" class="button" @click=${this._signOut}>${t.signOut}</button></div>`;
      case 'error': return html`<div class="center"><p class="notice bad" role="alert">${s.message}</p>
        <button type="button" class="button" @click=${() => { this.session = { kind: 'loading' }; void this._loadSession(); }}>${t.retry}</button></div>`;
    }
  }
}

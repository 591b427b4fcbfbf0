// <ginkgo-console>: the shell. It asks the server who is signed in (GET /v1/me), then loads the
// screen that fits, each a chunk of its own: the sign-in screen, or the account bar and the queue.
// Routes are hashes (#/sign-in, #/queue), so the server serves one static page for all of them.
// An invitation link (#/invite/<token>) is accepted once its invitee is signed in
// (POST /auth/invitations/accept); the token waits in sessionStorage, out of the address bar.
import { html, LitElement, css, nothing } from 'lit';
import { api, ApiError, grant } from './api.ts';
import { initialLang, shellMessages, storeLang, type Lang } from './i18n.ts';
import type { Role } from '../../schema/tables.ts';
import type { Me } from '../../schema/staff.ts';
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

export type Route = 'sign-in' | 'queue';
const ROUTES: Route[] = ['sign-in', 'queue'];
const routeOf = (hash: string): Route | undefined => ROUTES.find((r) => hash === `#/${r}`);

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
const loadSignedIn = () => Promise.all([import('./account/account.ts'), import('./queue/queue.ts')]);

export class GinkgoConsole extends LitElement {
  static override properties = {
    lang: { state: true }, session: { state: true }, flash: { state: true },
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
      console-account { order: 1; flex: 1 1 auto; }
      .lang { order: 2; }
    }
    main { max-width: 72rem; margin: 0 auto; padding: 1rem; outline: none; }
    .flash { max-width: 40rem; margin: 0 auto 1rem; }
    .center { display: grid; gap: 1rem; justify-items: start; padding: 2rem 0; }
  `];

  declare lang: Lang;
  declare session: Session;
  /** What happened to an invitation, shown above the screen. */
  declare flash: ((t: Words) => string) | null;

  constructor() {
    super();
    this.lang = initialLang();
    this.session = { kind: 'loading' };
    this.flash = null;
    this._takeInvite();
    this.addEventListener('console-signed-in', () => { hint.set(true); void this._loadSession(); });
    this.addEventListener('console-signed-out', (e) => this._signedOut((e as CustomEvent<{ reason?: SignedOutReason }>).detail?.reason));
    this.addEventListener('console-grant', (e) => this._switchGrant((e as CustomEvent<string>).detail));
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
    if (!route) return this._go(this.session.kind === 'signed-out' ? 'sign-in' : 'queue');
    if (this.session.kind === 'signed-out' && route !== 'sign-in') return this._go('sign-in');
    if (this.session.kind === 'signed-in' && route === 'sign-in') return this._go('queue');
  };

  /** Another route, without a history entry of its own (the back button leaves the console). */
  private _go(route: Route) {
    if (location.hash !== `#/${route}`) history.replaceState(null, '', `#/${route}`);
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
      await loadSignedIn();
      hint.set(true);
      this.session = { kind: 'signed-in', me };
      this._go('queue');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        await (signIn ?? loadSignIn());
        this._signedOut(invite.get() ? 'invite' : undefined);
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

  private _signedOut(reason?: SignedOutReason) {
    hint.set(false);
    grant.set(null);
    if (reason !== 'invite') this.flash = null;
    this.session = { kind: 'signed-out', reason };
    this._go('sign-in');
    void loadSignIn();
  }

  private _switchGrant(id: string) {
    if (this.session.kind !== 'signed-in') return;
    grant.set(id);
    this.session = { kind: 'signed-in', me: { ...this.session.me, grant: id } };
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
      <main id="main" tabindex="-1">
        ${this.flash ? html`<p class="notice flash" role="status">${this.flash(t)}</p>` : nothing}
        ${this._screen(s)}
      </main>
    `;
  }

  private _screen(s: Session) {
    const t = shellMessages[this.lang];
    switch (s.kind) {
      case 'loading': return html`<p class="center" role="status">${t.loading}</p>`;
      case 'signed-out': return html`<console-sign-in .lang=${this.lang}
        .notice=${s.reason === 'invite' ? t.inviteSignIn : s.reason === 'expired' ? t.signedOut : ''}></console-sign-in>`;
      case 'signed-in': return html`<console-queue .lang=${this.lang} .grant=${s.me.grant}></console-queue>`;
      case 'no-grants': return html`<div class="center"><p class="notice" role="alert">${t.noGrants}</p>
        <button type="button" class="button" @click=${this._signOut}>${t.signOut}</button></div>`;
      case 'error': return html`<div class="center"><p class="notice bad" role="alert">${s.message}</p>
        <button type="button" class="button" @click=${() => { this.session = { kind: 'loading' }; void this._loadSession(); }}>${t.retry}</button></div>`;
    }
  }
}

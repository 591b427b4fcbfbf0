import { html, nothing } from 'lit';
import { GinkgoElement, type PropertyValues } from '../shared/element.ts';
import type { CheckInForm, CheckInReceipt } from '../../../schema/check-ins.ts';
import { maskMobile, normaliseMobile } from '../../../schema/mobile.ts';
import { GinkgoError, NetworkError, newIdempotencyKey } from '../../../sdk/src/index.ts';
import { defaultApiBase } from '../shared/api-base.ts';
import { connect, problemOf, problemText, retryable, type Ginkgo, type Problem } from '../shared/client.ts';
import { GinkgoBranchSelectEvent, GinkgoCheckInSuccessEvent, lastSelectedBranch } from '../shared/events.ts';
import { messages, toLang, type Lang } from '../shared/i18n.ts';
import { baseStyles } from '../shared/theme.ts';
import { renderBranch, type BranchRef } from './branch-field.ts';
import { checkInStyles } from './check-in.styles.ts';
import { emptyValues, fieldOfPath, mobileError, payloadOf, renderFields, validate, type Errors, type Values } from './fields.ts';
import { checkInMessages, type CheckInMessages } from './messages.ts';
import * as outbox from './outbox.ts';
import * as remembered from './remembered.ts';
import { loadMobileVerification } from './load-mobile-verification.ts';
import type { MobileVerification, VerificationHost } from './mobile-verification.ts';
import { renderReceipt } from './success.ts';

/** Retry saved submissions this often while the page stays open (the `online` event covers going offline). */
const RETRY_MS = 20_000;

/**
 * 4xx answers about the submission itself: sending it again cannot succeed. Key problems and 429
 * are not; a mobile not (or no longer) proved is (the member asks for a new code).
 */
const definitive = (e: unknown) => e instanceof GinkgoError && (e.code === 'mobile_unverified'
  || (!!e.status && e.status >= 400 && e.status < 500 && ![401, 403, 408, 429].includes(e.status)));

/**
 * The check-in (报到) form: a mobile member reports in to a host branch, having proved their
 * mobile with an SMS code (mobile-verification.ts, a chunk loaded when first asked for). Exactly once: one
 * idempotency key per submission, kept with it in IndexedDB until the server has answered, so
 * double clicks, retries, lost connections and reloads make one check-in. Form-associated: a host
 * `<form>` is invalid until the check-in is sent, and then carries its reference as the value.
 *
 * @summary Check-in form for mobile members.
 * @tag ginkgo-check-in
 * @fires {GinkgoCheckInSuccessEvent} ginkgo-check-in-success - The server accepted the check-in; `detail.reference`. Bubbles and is composed.
 * @fires ginkgo-wechat-proof - Inside WeChat, the member proved the mobile of a check-in: `detail.references` (what still waits) and `detail.mobileProof`.
 * @csspart base - The outer box.
 * @csspart title - The heading.
 * @csspart branch - The host branch section; `branch-name`, `change-branch-button`, `branch-results` inside it.
 * @csspart input - Text inputs. @csspart select - Selects. @csspart checkbox - Checkboxes.
 * @csspart field-error - A message next to a field.
 * @csspart code-send-button - Asks for an SMS code (below the mobile); then `code`, with `code-input`, `code-check-button` inside.
 * @csspart code-verified - Says the mobile is verified.
 * @csspart consent - The consent section; `consent-checkbox`, `privacy-link` inside it.
 * @csspart notify-checkbox - The optional SMS notification opt-in, below the consent.
 * @csspart status - Sending and saved-on-this-device messages (polite live region).
 * @csspart alert - Problems (assertive live region).
 * @csspart submit-button - Sends the check-in.
 * @csspart success - The receipt; `reference` and `service-requests` (one line per ticked need: its code and where it went) inside it.
 * @csspart lookup - The status lookup form; `lookup-button`, `lookup-result` inside it.
 * @csspart status-link - Opens 我的报到 (the status view) from the form.
 * @csspart status-view - 我的报到: `remembered` (`remembered-item`, `forget-button`, `resolution` inside), the lookup, `back-button`.
 * @csspart wechat - Inside WeChat, a remembered item's notification offer: `wechat-button`, the mobile and its code, the subscribe slots.
 * @slot wechat-<reference> - Inside WeChat, the page's `wx-open-subscribe` for that check-in or request.
 */
export class GinkgoCheckIn extends GinkgoElement {
  static override styles = [baseStyles, checkInStyles];
  static formAssociated = true;

  static override properties = {
    key: { type: String },
    api: { type: String },
    lang: { type: String, reflect: true },
    branch: { type: String },
    home: { type: String },
    view: { type: String },
    wechat: { attribute: false },
    _form: { attribute: false },
    _problem: { attribute: false },
    _values: { attribute: false },
    _errors: { attribute: false },
    _branch: { attribute: false },
    _picking: { attribute: false },
    _sending: { attribute: false },
    _status: { attribute: false },
    _alert: { attribute: false },
    _receipt: { attribute: false },
    _proof: { attribute: false },
    _verification: { attribute: false },
  };

  /** The tenant's publishable key (`pk_…`). */
  declare key: string;
  /** API base URL. Default: the origin the script was loaded from. */
  declare api: string;
  /** UI language: `zh-CN` (default) or `en`. */
  declare lang: string;
  /** The host branch's id, preset (e.g. from a QR poster's link); a `ginkgo-branch-select` on the page replaces it. */
  declare branch: string;
  /** The member's home unit (a town or a village), preset in the pickers once the form has loaded. */
  declare home: string;
  /** `form` (default) or `status`: 我的报到, the check-ins this device remembers and the status lookup. */
  declare view: string;
  /**
   * A property (no attribute), set by 我的报到 inside WeChat once `wx.config` succeeded (status-wechat.js): each check-in or
   * request still waiting offers WeChat notification, after the member proves its mobile. The
   * proof arrives as `ginkgo-wechat-proof`, and the page slots a `wx-open-subscribe` into
   * `wechat-<reference>`: WeChat's open tags work only outside a shadow root.
   */
  declare wechat: boolean;

  // Not `private`, but only for the mobile verification chunk (VerificationHost), like _proof,
  // _receipt, _client, _focusAfterUpdate, _lang and _t.
  /** @internal */
  declare _form: CheckInForm | null;
  declare private _problem: Problem | null;
  /** @internal */
  declare _values: Values;
  /** @internal */
  declare _errors: Errors;
  declare private _branch: BranchRef | null;
  declare private _picking: boolean;
  declare private _sending: boolean;
  declare private _status: string;
  declare private _alert: string;
  /** @internal */
  declare _receipt: CheckInReceipt | null;
  /** @internal */
  declare _proof: string;
  /** The mobile verification chunk once loaded; 0 while it loads, false if it could not be (offline). */
  declare private _verification: MobileVerification | 0 | false | null;

  private _internals = this.attachInternals();
  /** @internal */
  _client: Ginkgo | Problem = 'missingKey';
  /** @internal */
  _apiBase = '';
  /** The submission being sent or waiting: a second click with the same answers reuses its key. */
  private _pending: outbox.OutboxEntry | null = null;
  /** Set synchronously, before the button re-renders disabled: a double click's second event is dropped. */
  private _busy = false;
  private _flushing = false;
  private _timer: ReturnType<typeof setTimeout> | undefined;
  /** @internal */
  _focusAfterUpdate: string | null = null;

  constructor() {
    super();
    this.key = '';
    this.api = '';
    this.lang = 'zh-CN';
    this.branch = '';
    this.home = '';
    this.view = 'form';
    this.wechat = false;
    this._form = null;
    this._problem = null;
    this._values = emptyValues();
    this._errors = {};
    this._branch = null;
    this._picking = false;
    this._sending = false;
    this._status = '';
    this._alert = '';
    this._receipt = null;
    this._proof = '';
    this._verification = null;
  }

  /** @internal */
  get _lang(): Lang { return toLang(this.lang); }
  /** @internal */
  get _t(): CheckInMessages { return checkInMessages[this._lang]; }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener(GinkgoBranchSelectEvent.type, this._onBranchSelect);
    window.addEventListener('online', this._onOnline);
    // Selected before this element was defined (its chunk still on its way), the event went unheard.
    const selected = lastSelectedBranch();
    if (selected && !this._branch) this._setBranch(selected);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener(GinkgoBranchSelectEvent.type, this._onBranchSelect);
    window.removeEventListener('online', this._onOnline);
    clearTimeout(this._timer);
  }

  override willUpdate(changed: PropertyValues): void {
    if (changed.has('key') || changed.has('api')) {
      this._apiBase = this.api || defaultApiBase();
      this._client = connect(this.key, this._apiBase);
      void this._loadForm();
    }
    if (changed.has('branch') && this.branch && this.branch !== this._branch?.id) void this._loadBranch(this.branch);
    if (changed.has('view') && this.view === 'status') void this._loadVerification();
    this._syncValidity();
  }

  override updated(): void {
    if (!this._focusAfterUpdate) return;
    // Not there yet (the status view while its chunk loads): kept for the update that renders it.
    const target = this.renderRoot.querySelector(this._focusAfterUpdate) as HTMLElement | null;
    if (!target) return;
    target.focus();
    this._focusAfterUpdate = null;
  }

  // ---- loading -------------------------------------------------------------------------------

  private async _loadForm(): Promise<void> {
    const client = this._client;
    if (typeof client === 'string') { this._problem = client; return; }
    this._problem = null;
    try {
      this._form = await client.checkIns.form();
      const home = this.home && this._homeValues(this.home);
      if (home && home.town && !this._values.town) this._values = { ...this._values, ...home };
      await this._flush(true);
    } catch (error) {
      this._problem = problemOf(error);
    }
  }

  private async _loadBranch(id: string): Promise<void> {
    const client = this._client;
    if (typeof client === 'string') return;
    try {
      const b = await client.branches.get(id);
      if (this.branch === id) this._setBranch(b);
    } catch {
      this._picking = true; // Unknown or unreachable: let the member find it instead.
    }
  }

  // Not while a submission is held (it keeps its branch); the outbox check on loading is no reason to drop a choice.
  private _onBranchSelect = (event: GinkgoBranchSelectEvent): void => {
    if (this._receipt || this._pending) return;
    this._setBranch(event.detail);
    // Chosen in a finder elsewhere on the page (on a phone, often ten cards above): bring the form
    // into view. The keyboard stays on the finder's button, where the visitor left it.
    if (event.composedPath().includes(this)) return;
    const { top } = this.getBoundingClientRect();
    if (top < 0 || top > innerHeight / 2) {
      this.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
    }
  };

  private _setBranch(b: BranchRef): void {
    this._branch = { id: b.id, name: b.name };
    // Chosen in the nested finder, which now goes away: keep the keyboard where it was.
    if (this._picking) this._focusAfterUpdate = '#branch-change';
    this._picking = false;
    this._errors = { ...this._errors, branch: undefined };
  }

  // ---- fields --------------------------------------------------------------------------------

  private _set = (field: keyof Values, value: Values[keyof Values]): void => {
    const values = { ...this._values, [field]: value };
    if (field === 'town') values.village = '';
    this._values = values;
    const errors = { ...this._errors, [field]: undefined };
    if (field === 'mobile') {
      errors.mobile = mobileError(String(value), this._t, false);
      this._proof = ''; // it proved the number before this change
    }
    this._errors = errors;
  };

  /** The first press of the send button loads the mobile verification chunk, then hands it the press. */
  private _sendCode = async (): Promise<void> => {
    this._verification = 0;
    const verification = await this._loadVerification();
    if (verification) void verification.send();
  };

  private async _loadVerification(): Promise<MobileVerification | false> {
    try {
      return this._verification ||= (await loadMobileVerification()).mobileVerification(this as VerificationHost, {
        html, nothing, normaliseMobile, maskMobile,
        remembered: { list: remembered.remembered, remember: remembered.remember, forget: remembered.forget },
      });
    } catch {
      // It did not arrive: offline, most likely. The send button says so; everything typed stays.
      return this._verification = false;
    }
  }

  private _blur = (field: keyof Values): void => {
    if (field === 'mobile' && this._values.mobile) this._errors = { ...this._errors, mobile: mobileError(this._values.mobile, this._t, true) };
  };

  private _syncValidity(): void {
    const t = this._t;
    if (this._receipt) {
      this._internals.setFormValue(this._receipt.reference);
      this._internals.setValidity({});
      return;
    }
    this._internals.setFormValue(null);
    const first = Object.values(this._errors).find(Boolean);
    this._internals.setValidity({ customError: true }, first ?? t.incomplete);
  }

  // ---- sending, exactly once -----------------------------------------------------------------

  private async _submit(event: Event): Promise<void> {
    event.preventDefault();
    const form = this._form;
    const client = this._client;
    if (this._busy || !form || typeof client === 'string') return;
    const t = this._t;
    const errors = validate(this._values, form, !!this._branch, !!this._proof, t);
    this._errors = errors;
    const invalid = Object.keys(errors).filter((k) => errors[k as keyof Errors]);
    if (invalid.length) {
      this._alert = t.summary(invalid.length);
      this._focusFirst(invalid[0]!);
      return;
    }
    this._busy = true;
    this._alert = '';
    try {
      // The proof goes with the payload into the outbox: a submission sent later still carries it.
      const payload = { ...payloadOf(this._values, this._branch!.id, form), mobileProof: this._proof };
      if (JSON.stringify(this._pending?.payload) !== JSON.stringify(payload)) {
        this._pending = {
          idempotencyKey: newIdempotencyKey(), payload, branch: this._branch!, api: this._apiBase, key: this.key, savedAt: Date.now(),
        };
      }
      // Saved before sending: a tab closed mid-request still has it on the next visit.
      await outbox.save(this._pending!);
      await this._send(this._pending!);
    } finally {
      this._busy = false;
    }
  }

  private async _send(entry: outbox.OutboxEntry): Promise<void> {
    const client = this._client;
    if (typeof client === 'string') return;
    const t = this._t;
    this._sending = true;
    this._status = t.sending;
    try {
      const receipt = await client.checkIns.create(entry.payload, { idempotencyKey: entry.idempotencyKey });
      await outbox.remove(entry.idempotencyKey);
      this._succeed(receipt, entry);
    } catch (error) {
      if (definitive(error)) {
        await outbox.remove(entry.idempotencyKey);
        if (this._pending?.idempotencyKey === entry.idempotencyKey) this._pending = null;
        this._status = '';
        this._showServerErrors(error as GinkgoError);
      } else {
        this._status = t.saved;
        // Reachable but refusing (5xx, 429, a key problem): say why as well.
        if (!(error instanceof NetworkError)) this._alert = problemText(problemOf(error), messages[this._lang]);
        clearTimeout(this._timer);
        this._timer = setTimeout(() => void this._flush(), RETRY_MS);
      }
    } finally {
      this._sending = false;
    }
  }

  /** The server's field problems go next to the fields; the member's answers stay as they were. */
  private _showServerErrors(error: GinkgoError): void {
    const t = this._t;
    const errors: Errors = {};
    const details = Array.isArray(error.details) ? error.details as { path?: unknown }[] : [];
    for (const d of details) {
      const field = fieldOfPath(d.path);
      if (field) errors[field] = field === 'mobile' ? t.mobileInvalid : field === 'consent' ? t.consentMissing : t.checkField;
    }
    if (error.status === 404) errors.branch = t.branchMissing;
    // The proof is missing or expired (a submission that waited too long): a new code, and nothing typed is lost.
    if (error.code === 'mobile_unverified') {
      errors.mobile = t.verifyFirst;
      this._proof = '';
    }
    this._errors = errors;
    const first = Object.keys(errors)[0];
    this._alert = first ? `${t.notSent} ${t.summary(Object.keys(errors).length)}` : t.notSent;
    if (first) this._focusFirst(first);
  }

  /**
   * The keyboard goes to the first field to fix: for the branch its button, and for a mobile that
   * is right but not verified the code input or the send button.
   */
  private _focusFirst(field: string): void {
    this._focusAfterUpdate = field === 'branch' ? '#branch-change'
      : this._errors.mobile === this._t.verifyFirst && field === 'mobile' ? '#code,#code-send' : `#${field}`;
  }

  private _succeed(receipt: CheckInReceipt, entry: outbox.OutboxEntry): void {
    clearTimeout(this._timer);
    const last4 = normaliseMobile(entry.payload.mobile)?.slice(-4);
    if (last4) void remembered.remember({ api: entry.api, key: entry.key, reference: receipt.reference, last4, savedAt: Date.now() });
    if (this._pending?.idempotencyKey === entry.idempotencyKey) this._pending = null;
    this._receipt = receipt;
    this._status = '';
    this._alert = '';
    this._focusAfterUpdate = '#done-title';
    // The status lookup is in the mobile verification chunk: here already, unless this check-in
    // was verified on an earlier visit. Without it (offline again) the receipt says where to look.
    void this._loadVerification();
    this.dispatchEvent(new GinkgoCheckInSuccessEvent(receipt.reference));
  }

  /** Sends what an earlier visit, or this one, could not. On page load it also shows what is waiting. */
  private async _flush(restore = false): Promise<void> {
    if (this._flushing || this._busy || !this._form || typeof this._client === 'string') return;
    this._flushing = true;
    this._busy = true;
    try {
      const entries = await outbox.pending(this._apiBase, this.key);
      // Without IndexedDB (some private modes) the one in hand is all there is.
      const held = this._pending;
      if (held && !entries.some((e) => e.idempotencyKey === held.idempotencyKey)) entries.push(held);
      const last = entries[entries.length - 1];
      if (restore && last && !this._pending) this._restore(last);
      for (const entry of entries) await this._send(entry);
    } finally {
      this._flushing = false;
      this._busy = false;
    }
  }

  private _onOnline = (): void => { void this._flush(); };

  /** Puts a saved submission back in the form, so the member sees what is waiting to be sent. */
  private _restore(entry: outbox.OutboxEntry): void {
    const p = entry.payload;
    this._pending = entry;
    this._branch = entry.branch;
    this._proof = p.mobileProof ?? '';
    this._values = {
      name: p.name, mobile: p.mobile, ...this._homeValues(p.homeUnitId),
      currentCity: p.currentCity, category: p.category, employer: p.employer ?? '', needs: [...(p.needs ?? [])], consent: true,
      notify: !!p.notify,
    };
  }

  /** The pickers' town and village for a home unit: a town itself, or one of its villages. */
  private _homeValues(id: string): Pick<Values, 'town' | 'village'> {
    const town = this._form?.homeUnits.find((u) => u.id === id || u.villages.some((v) => v.id === id));
    return { town: town?.id ?? '', village: town?.id === id ? '' : id };
  }

  /** @internal Between the form and 我的报到; the keyboard goes to the new view's heading. */
  _showView(view: 'form' | 'status'): void {
    if (view === 'status' && this._verification) this._verification.refreshStatus();
    this.view = view;
    this._focusAfterUpdate = view === 'status' ? '#status-title' : '#title';
  }

  // ---- host form callbacks -------------------------------------------------------------------

  formResetCallback(): void {
    this._values = emptyValues();
    this._proof = '';
    this._errors = {};
    this._alert = '';
  }

  // ---- rendering -----------------------------------------------------------------------------

  override render() {
    const lang = this._lang;
    const t = this._t;
    return html`<section part="base" class="base" lang=${lang} aria-labelledby="title">
      <h2 id="title" part="title" tabindex="-1">${t.title}</h2>
      ${this.view === 'status' ? this._renderStatus(t) : this._receipt
        ? html`${renderReceipt(this._receipt, lang, t)}${this._verification ? this._verification.renderLookup() : nothing}`
        : this._renderForm(t, lang)}
    </section>`;
  }

  private _renderStatus(t: CheckInMessages) {
    const verification = this._verification;
    return verification ? verification.renderStatus()
      : html`<p part="status" role="status">${verification === false ? t.statusOffline : t.loading}</p>`;
  }

  private _renderForm(t: CheckInMessages, lang: Lang) {
    const form = this._form;
    if (!form) {
      const problem = this._problem;
      return html`<p class="intro" part="status" role="status">${problem ? problemText(problem, messages[lang]) : t.loading}</p>
        ${problem && retryable(problem)
          ? html`<button class="button" type="button" @click=${() => this._loadForm()}>${messages[lang].retry}</button>` : nothing}`;
    }
    const verification = this._verification;
    const code = verification
      ? verification.renderCode()
      : this._proof ? nothing : html`<button id="code-send" class="button small" part="code-send-button" type="button"
        aria-describedby=${this._errors.mobile ? 'mobile-error' : nothing}
        ?disabled=${verification === 0 || !normaliseMobile(this._values.mobile)} @click=${this._sendCode}>${t.sendCode}</button>
        <p id="code-error" class="error" part="field-error" role="alert">${verification === false ? t.offline : ''}</p>`;
    return html`<p class="intro">${t.intro}
        <button class="link" part="status-link" type="button" @click=${() => this._showView('status')}>${t.myCheckIns}</button></p>
      ${renderBranch({
        branch: this._branch, picking: this._picking, error: this._errors.branch, key: this.key, api: this.api, lang, t,
        open: () => { this._picking = true; },
      })}
      <form class="main" novalidate @submit=${this._submit}>
        <fieldset class="fields">
          <legend class="sr-only">${t.title}</legend>
          ${renderFields({
            values: this._values, errors: this._errors, form, lang, t, set: this._set, blur: this._blur, apiBase: this._apiBase, code,
          })}
        </fieldset>
        <p class="notice" part="status" role="status">${this._status}</p>
        <p class="alert" part="alert" role="alert">${this._alert}</p>
        <button class="button primary submit" part="submit-button" type="submit"
          ?disabled=${this._sending}>
          ${this._sending ? t.sending : t.submit}</button>
      </form>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'ginkgo-check-in': GinkgoCheckIn;
  }
}

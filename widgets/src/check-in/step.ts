// What the parts of the mobile verification chunk (mobile-verification.ts) share: the form they
// work on, what the form lends them, their copy, re-rendering, and errors told apart by code.
import type { html as litHtml, nothing as litNothing } from 'lit';
import type { maskMobile, normaliseMobile } from '../../../schema/mobile.ts';
import type { CheckInForm, CheckInReceipt } from '../../../schema/check-ins.ts';
import type { GinkgoError } from '../../../sdk/src/index.ts';
import type { Ginkgo, Problem } from '../shared/client.ts';
import type { Lang } from '../shared/i18n.ts';
import type { Errors, Values } from './fields.ts';
import type { CheckInMessages } from './messages.ts';
import type { VerificationMessages } from './mobile-verification.messages.ts';
import type * as remembered from './remembered.ts';

/** What the chunk reads and sets on the form (`<ginkgo-check-in>` itself). */
export interface VerificationHost {
  _client: Ginkgo | Problem;
  _form: CheckInForm | null;
  _values: Values;
  _errors: Errors;
  /** The proof of the mobile as typed now; '' until verified, and again once the mobile changes. */
  _proof: string;
  _receipt: CheckInReceipt | null;
  _focusAfterUpdate: string | null;
  /** The API's base URL and the publishable key: what remembered check-ins are kept under. */
  readonly _apiBase: string;
  readonly key: string;
  /** Switches between the form and 我的报到 (the status view). */
  _showView(view: 'form' | 'status'): void;
  readonly _lang: Lang;
  readonly _t: CheckInMessages;
  readonly isConnected: boolean;
  /** Inside WeChat with WeChat notifications on (the page sets it). */
  readonly wechat: boolean;
  requestUpdate(): void;
  dispatchEvent(event: Event): boolean;
}

/**
 * What the form lends the chunk rather than the chunk importing it: lit-html (in the form's shared
 * chunk either way), and the mobile helpers, which would otherwise be a chunk of their own that the
 * form's first load fetches too.
 */
export type Lent = {
  html: typeof litHtml; nothing: typeof litNothing; normaliseMobile: typeof normaliseMobile; maskMobile: typeof maskMobile;
  /** The device's remembered check-ins (remembered.ts: the form writes them on success). */
  remembered: { list: typeof remembered.remembered; remember: typeof remembered.remember; forget: typeof remembered.forget };
};

/** What each part gets: the form, what it lends, its copy in the form's language, and a re-render (with a focus to move to). */
export type Step = {
  host: VerificationHost;
  lent: Lent;
  t: () => VerificationMessages;
  update: (focus?: string) => void;
};

/** The API's error code (or the SDK's `network_error`, `timeout`): the errors are the form's copies of the SDK's classes. */
export const codeOf = (error: unknown) => (error as Partial<GinkgoError> | null)?.code;
export const detailsOf = (error: unknown) => ((error as Partial<GinkgoError> | null)?.details ?? {}) as Record<string, unknown>;
export const offline = (error: unknown) => codeOf(error) === 'network_error' || codeOf(error) === 'timeout';

// Human verification, pluggable: the form asks its provider for a token before sending. Only
// `none` exists now. A Turnstile or domestic provider implements the same two methods (and loads
// its own script when rendered); nothing third-party is loaded until one is configured.
import { nothing, type TemplateResult } from 'lit';
import type { CheckInForm } from '../../../schema/check-ins.ts';

export interface Verifier {
  /** The challenge, placed just above the submit button. */
  render(): TemplateResult | typeof nothing;
  /** A token for `verificationToken`; undefined when the provider needs none. Rejects when it cannot verify. */
  token(): Promise<string | undefined>;
}

const none: Verifier = { render: () => nothing, token: async () => undefined };

/** Providers by name; a provider the bundle does not know makes the form say verification is unavailable. */
const providers: Partial<Record<CheckInForm['verification']['provider'], (siteKey: string | null) => Verifier>> = {
  none: () => none,
};

export function verifierFor(config: CheckInForm['verification']): Verifier | null {
  return providers[config.provider]?.(config.siteKey) ?? null;
}

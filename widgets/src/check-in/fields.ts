// The form's fields: their values, the checks made as the member types (the server's own rules,
// mobile included), the payload, and the markup. Each field has a real label; its message sits
// right after it and is tied to it with aria-describedby and aria-invalid. Below the mobile: the
// SMS code step (its send button, then the code), which the form renders.
import { html, nothing, type TemplateResult } from 'lit';
import type { CheckInCreate, CheckInForm } from '../../../schema/check-ins.ts';
import { normaliseMobile } from '../../../schema/mobile.ts';
import { pick, type Lang } from '../shared/i18n.ts';
import { option } from '../shared/option.ts';
import type { CheckInMessages } from './messages.ts';

export interface Values {
  name: string; mobile: string; town: string; village: string; currentCity: string;
  category: string; employer: string; needs: string[]; consent: boolean;
  /** Optional, apart from the consent: be told the decision and each request's outcome by SMS. */
  notify: boolean;
}
export type Field = keyof Values | 'branch';
export type Errors = Partial<Record<Field, string>>;

export const emptyValues = (): Values => ({
  name: '', mobile: '', town: '', village: '', currentCity: '', category: '', employer: '', needs: [], consent: false, notify: false,
});

/** Mobile: silent while still short; complain once it is long enough to judge, or holds a letter. */
export function mobileError(value: string, t: CheckInMessages, finished: boolean): string | undefined {
  if (!value.trim()) return finished ? t.required : undefined;
  if (normaliseMobile(value)) return undefined;
  value = value.normalize('NFKC'); // full-width digits, as normaliseMobile reads them
  const judged = finished || /[^\d\s\-.()+]/.test(value) || value.replace(/\D/g, '').length >= 11;
  return judged ? t.mobileInvalid : undefined;
}

const villagesOf = (form: CheckInForm, town: string) => form.homeUnits.find((u) => u.id === town)?.villages ?? [];

/** `verified`: the mobile as typed now is proved by an SMS code. */
export function validate(v: Values, form: CheckInForm, hasBranch: boolean, verified: boolean, t: CheckInMessages): Errors {
  const errors: Errors = {};
  if (!hasBranch) errors.branch = t.branchMissing;
  if (!v.name.trim()) errors.name = t.required;
  const mobile = mobileError(v.mobile, t, true) ?? (verified ? undefined : t.verifyFirst);
  if (mobile) errors.mobile = mobile;
  if (!v.town) errors.town = t.choose1;
  else if (!v.village && villagesOf(form, v.town).length > 0) errors.village = t.choose1;
  if (!v.currentCity.trim()) errors.currentCity = t.required;
  if (!v.category) errors.category = t.choose1;
  if (!v.consent) errors.consent = t.consentMissing;
  return errors;
}

export const payloadOf = (v: Values, branchId: string, form: CheckInForm): CheckInCreate => ({
  branchId,
  name: v.name.trim(),
  mobile: normaliseMobile(v.mobile) ?? v.mobile,
  homeUnitId: v.village || v.town,
  currentCity: v.currentCity.trim(),
  category: v.category as CheckInCreate['category'],
  ...(v.employer.trim() ? { employer: v.employer.trim() } : {}),
  needs: form.needs.filter((n) => v.needs.includes(n)),
  consent: { version: form.consent.version, granted: true },
  notify: v.notify,
});

/** Which field a server validation path (`mobile`, `consent.granted`, …) belongs to. */
export function fieldOfPath(path: unknown): Field | undefined {
  const head = String(path).split(/[.[]/)[0]!;
  const field = head === 'branchId' ? 'branch' : head === 'homeUnitId' ? 'village' : head;
  return field in emptyValues() || field === 'branch' ? field as Field : undefined;
}

export interface FieldsContext {
  values: Values;
  errors: Errors;
  form: CheckInForm;
  lang: Lang;
  t: CheckInMessages;
  set: (field: keyof Values, value: Values[keyof Values]) => void;
  /** The member left the field: judge it now. */
  blur: (field: keyof Values) => void;
  /** Where relative links (the privacy notice) resolve. */
  apiBase: string;
  /** The SMS code step, below the mobile. */
  code: TemplateResult | typeof nothing;
}

const describedBy = (id: string, error: string | undefined, hint?: boolean) =>
  [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || nothing;

const message = (id: string, error: string | undefined) =>
  error ? html`<p id=${`${id}-error`} class="error" part="field-error">${error}</p>` : nothing;

function text(c: FieldsContext, id: 'name' | 'mobile' | 'currentCity' | 'employer', opts: {
  label: string; hint?: string; placeholder?: string; max: number; type?: string; autocomplete?: string; inputmode?: string;
  after?: TemplateResult | typeof nothing;
}) {
  const error = c.errors[id];
  return html`<div class="field">
    <label for=${id}>${opts.label}</label>
    <input id=${id} part="input" type=${opts.type ?? 'text'} maxlength=${opts.max} .value=${c.values[id]}
      autocomplete=${opts.autocomplete ?? 'off'} inputmode=${opts.inputmode ?? nothing} placeholder=${opts.placeholder ?? nothing}
      aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy(id, error, !!opts.hint)}
      @input=${(e: Event) => c.set(id, (e.target as HTMLInputElement).value)} @blur=${() => c.blur(id)}>
    ${opts.hint ? html`<p id=${`${id}-hint`} class="hint">${opts.hint}</p>` : nothing}
    ${message(id, error)}
    ${opts.after}
  </div>`;
}

function select(c: FieldsContext, id: 'town' | 'village' | 'category', label: string, options: [string, string][]) {
  const error = c.errors[id];
  return html`<div class="field">
    <label for=${id}>${label}</label>
    <select id=${id} part="select" aria-invalid=${error ? 'true' : 'false'} aria-describedby=${describedBy(id, error)}
      @change=${(e: Event) => c.set(id, (e.target as HTMLSelectElement).value)}>
      ${option('', c.t.choosePrompt, c.values[id])}
      ${options.map(([value, name]) => option(value, name, c.values[id]))}
    </select>
    ${message(id, error)}
  </div>`;
}

export function renderFields(c: FieldsContext) {
  const { t, form, lang, values } = c;
  const villages = villagesOf(form, values.town);
  return html`
    ${text(c, 'name', { label: t.name, max: 40, autocomplete: 'name' })}
    ${text(c, 'mobile', { label: t.mobile, hint: t.mobileHint, max: 32, type: 'tel', autocomplete: 'tel-national', inputmode: 'tel', after: c.code })}
    ${select(c, 'town', t.town, form.homeUnits.map((u) => [u.id, pick(u.name, lang)]))}
    ${villages.length ? select(c, 'village', t.village, villages.map((u) => [u.id, pick(u.name, lang)])) : nothing}
    ${text(c, 'currentCity', { label: t.currentCity, placeholder: t.currentCityHint, max: 60, autocomplete: 'address-level2' })}
    ${select(c, 'category', t.category, form.categories.map((k) => [k, t.categories[k] ?? k]))}
    ${text(c, 'employer', { label: t.employer, max: 80, autocomplete: 'organization' })}
    <fieldset class="needs">
      <legend>${t.needs}</legend>
      ${form.needs.map((need) => html`<label class="check">
        <input type="checkbox" part="checkbox" .checked=${values.needs.includes(need)}
          @change=${(e: Event) => c.set('needs', (e.target as HTMLInputElement).checked
            ? [...values.needs, need] : values.needs.filter((n) => n !== need))}>
        <span>${t.needNames[need] ?? need}</span></label>`)}
    </fieldset>
    ${renderConsent(c)}`;
}

function renderConsent({ t, form, lang, values, errors, set, apiBase }: FieldsContext) {
  const privacy = form.privacyNoticeUrl ? new URL(form.privacyNoticeUrl, apiBase).href : null;
  return html`<section class="consent" part="consent" aria-labelledby="consent-title">
    <h3 id="consent-title">${t.consentTitle}</h3>
    <p id="consent-text">${pick(form.consent.text, lang)}</p>
    ${privacy ? html`<p><a part="privacy-link" href=${privacy} target="_blank" rel="noopener">${t.privacy}</a></p>` : nothing}
    <label class="check strong">
      <input id="consent" type="checkbox" part="checkbox consent-checkbox" .checked=${values.consent}
        aria-invalid=${errors.consent ? 'true' : 'false'}
        aria-describedby=${errors.consent ? 'consent-text consent-error' : 'consent-text'}
        @change=${(e: Event) => set('consent', (e.target as HTMLInputElement).checked)}>
      <span>${t.consentCheck}</span></label>
    ${message('consent', errors.consent)}
  </section>
  <label class="check notify">
    <input id="notify" type="checkbox" part="checkbox notify-checkbox" .checked=${values.notify}
      @change=${(e: Event) => set('notify', (e.target as HTMLInputElement).checked)}>
    <span>${t.notify}</span></label>`;
}

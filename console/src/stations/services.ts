// A station's services, each in a form of its own: change it (PATCH …/services/{id}, only the
// fields changed), remove it (DELETE), or add one (POST …/services). Fees left empty are free.
import { html, nothing, type TemplateResult } from 'lit';
import type { LocalizedText } from '../../../schema/common.ts';
import type { Station, StationService } from '../../../schema/stations.ts';
import type { ServiceCategory } from '../../../schema/tables.ts';
import { pick } from '../i18n.ts';
import type { Lang } from '../i18n.ts';
import type { Section } from './drafts.ts';
import type { stationMessages } from './messages.ts';

type Words = (typeof stationMessages)['en'];
type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';
/** What the forms here use of <console-stations> (stations.ts), which renders them. */
export type StationForms = {
  lang: Lang;
  save(section: Section, path: string, method: Method, body: unknown, done: (t: Words) => string): Promise<void>;
  outcome(section: Section): TemplateResult;
  submitButton(section: Section, label: string): TemplateResult;
  pair(name: string, legend: string, value: LocalizedText | null, options?: { long?: boolean; hint?: string; idPrefix?: string }): TemplateResult;
};
const TEXTS = ['description', 'eligibility', 'howToApply', 'fees'] as const;
const text = (data: FormData, name: string): LocalizedText => ({ zh: String(data.get(`${name}.zh`) ?? '').trim(), en: String(data.get(`${name}.en`) ?? '').trim() });
const same = (a: LocalizedText | null, b: LocalizedText | null) => (a?.zh ?? '') === (b?.zh ?? '') && (a?.en ?? '') === (b?.en ?? '');

/** The fields a form holds, as the API takes them. */
function fieldsOf(form: HTMLFormElement) {
  const data = new FormData(form);
  const fees = text(data, 'fees');
  return {
    category: String(data.get('category')) as ServiceCategory,
    description: text(data, 'description'), eligibility: text(data, 'eligibility'), howToApply: text(data, 'howToApply'),
    fees: fees.zh || fees.en ? fees : null,
    languages: String(data.get('languages') ?? '').split(/[\s,，、]+/).filter(Boolean),
  };
}

function form(screen: StationForms, t: Words, key: string, service: StationService | null) {
  const section = `service-${key}` as const;
  const submit = (e: Event) => {
    e.preventDefault();
    const fields = fieldsOf(e.target as HTMLFormElement);
    if (!service) {
      void screen.save(section, '/services', 'POST', fields, (w) => w.saved(w.what.added));
      return;
    }
    const body: Record<string, unknown> = {};
    if (fields.category !== service.category) body['category'] = fields.category;
    for (const name of TEXTS) if (!same(fields[name], service[name])) body[name] = fields[name];
    if (fields.languages.join(',') !== service.languages.join(',')) body['languages'] = fields.languages;
    if (!Object.keys(body).length) return;
    void screen.save(section, `/services/${encodeURIComponent(service.id)}`, 'PATCH', body, (w) => w.saved(w.what.service));
  };
  const remove = () => service && void screen.save(section, `/services/${encodeURIComponent(service.id)}`, 'DELETE', undefined, (w) => w.saved(w.what.removed));
  return html`<form class="row" novalidate @submit=${submit}>
    <div class="field"><label for="${key}-category">${t.category}</label>
      <select id="${key}-category" name="category" class="input">${(Object.keys(t.categories) as ServiceCategory[]).map((c) => html`<option value=${c}
        ?selected=${c === (service?.category ?? 'policy')}>${t.categories[c]}</option>`)}</select></div>
    ${TEXTS.map((name) => screen.pair(name, { description: t.description, eligibility: t.eligibility, howToApply: t.howToApply, fees: t.fees }[name],
      service ? service[name] : null, { long: name === 'description', hint: name === 'fees' ? t.feesHint : '', idPrefix: key }))}
    <div class="field"><label for="${key}-languages">${t.languages}</label>
      <input id="${key}-languages" name="languages" class="input" .value=${(service?.languages ?? ['zh']).join(', ')}></div>
    ${screen.outcome(section)}
    <div class="actions">${screen.submitButton(section, service ? t.saveService : t.addService)}
      ${service ? html`<button type="button" class="button quiet" @click=${remove}>${t.removeService}</button>` : nothing}</div>
  </form>`;
}

export function serviceForms(screen: StationForms, station: Station, t: Words) {
  const services = station.services.flatMap((g) => g.services);
  return html`<section class="card services" aria-labelledby="services-title">
    <h2 id="services-title">${t.services}</h2>
    ${services.map((s) => html`<details><summary>${t.categories[s.category]} · ${pick(s.description, screen.lang) || s.description.zh}</summary>${form(screen, t, s.id, s)}</details>`)}
    <details><summary>${t.newService}</summary>${form(screen, t, 'new', null)}</details>
  </section>`;
}

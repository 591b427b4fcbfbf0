// The HSDS 3.0 export over HTTP from the real worker, every list and object validated against
// the official HSDS schemas (copied unchanged into test/fixtures/hsds-3.0), and checked against
// the directory it is made from: every station, service and opening hour is there.
import { readFileSync } from 'node:fs';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import type { HsdsOrganization, HsdsSchedule, HsdsService, HsdsServiceAtLocation, Station, StationPage } from '../../schema/index.ts';
import { hsdsId } from '../../worker/src/data/hsds-ids.ts';
import { serviceRows, stationDetails } from '../../worker/src/seed/pizhou-stations.ts';

const KEY = 'pk_test_pizhou';
const COMPILED = 'https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/';
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/hsds-3.0/${name}`, import.meta.url), 'utf8'));

type Page<T> = { total_items: number; total_pages: number; page_number: number; size: number; first_page: boolean; last_page: boolean; empty: boolean; contents: T[] };

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
// The OpenAPI document refers to the compiled schemas by their published URL: register them there.
for (const name of ['service', 'service_list', 'service_at_location', 'service_at_location_list', 'organization_list']) {
  ajv.addSchema(fixture(`${name}.json`), `${COMPILED}${name}.json`);
}
const openapi = fixture('openapi.json');
/** The 200 schema of an HSDS list path, its `Page` envelope inlined. */
function listResponse(path: string): ValidateFunction {
  const schema = structuredClone(openapi.paths[path].get.responses['200'].content['application/json'].schema);
  schema.allOf = schema.allOf.map((s: { $ref?: string }) => (s.$ref === '#/components/schemas/Page' ? openapi.components.schemas.Page : s));
  return ajv.compile(schema);
}
const validators = {
  servicePage: listResponse('/services'),
  organizationPage: listResponse('/organizations'),
  serviceAtLocationPage: listResponse('/service_at_locations'),
  service: ajv.getSchema(`${COMPILED}service.json`)!,
  serviceAtLocation: ajv.getSchema(`${COMPILED}service_at_location.json`)!,
  organization: ajv.getSchema(`${COMPILED}organization_list.json`)!,
};
function expectValid(validate: ValidateFunction, value: unknown, what: string) {
  const ok = validate(value);
  expect(ok ? [] : ajv.errorsText(validate.errors, { separator: '\n' }).split('\n'), what).toEqual([]);
}

async function get<T>(path: string): Promise<T> {
  const res = await fetch(`${inject('apiUrl')}${path}${path.includes('?') ? '&' : '?'}key=${KEY}`);
  expect(res.status, path).toBe(200);
  return res.json() as Promise<T>;
}
/** Every page of an HSDS list, each page validated. */
async function all<T>(path: string, validate: ValidateFunction, lang = 'zh-CN', perPage = 100): Promise<T[]> {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const body = await get<Page<T>>(`${path}?lang=${lang}&per_page=${perPage}&page=${page}`);
    expectValid(validate, body, `${path} page ${page}`);
    expect(body).toMatchObject({ page_number: page, size: body.contents.length, first_page: page === 1 });
    items.push(...body.contents);
    if (body.last_page) {
      expect(body.total_items).toBe(items.length);
      return items;
    }
  }
}

const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
/** Weekly hours back out of HSDS schedules: `weekday opens-closes`, sorted. */
const weeklyOf = (schedules: HsdsSchedule[]) => schedules.filter((s) => !s.valid_from)
  .flatMap((s) => s.byday.split(',').map((d) => `${DAYS.indexOf(d)} ${s.opens_at!.slice(0, 5)}-${s.closes_at!.slice(0, 5)}`)).sort();

let stations: Station[];
let services: HsdsService[];
beforeAll(async () => {
  stations = (await get<StationPage>('/v1/stations?limit=100')).data;
  services = await all<HsdsService>('/v1/hsds/services', validators.servicePage);
});

describe('GET /v1/hsds/services', () => {
  it('validates against service.json one by one, and holds every seeded service with a stable UUID', async () => {
    for (const s of services) expectValid(validators.service, s, `service ${s.id}`);
    const ids = new Set(services.map((s) => s.id));
    for (const seeded of serviceRows) expect(ids, seeded.id).toContain(await hsdsId('pizhou', 'service', seeded.id));
    const offered = stations.flatMap((s) => s.services.flatMap((g) => g.services));
    expect(services).toHaveLength(offered.length);
  });

  it("carries each station service's text, category, languages, fees and the station's hours", async () => {
    for (const station of stations) {
      for (const offered of station.services.flatMap((g) => g.services)) {
        const id = await hsdsId('pizhou', 'service', offered.id);
        const s = services.find((x) => x.id === id)!;
        expect(s, offered.id).toBeDefined();
        expect(s).toMatchObject({
          name: `${s.attributes[0]!.taxonomy_term.name}｜${station.name.zh}`, description: offered.description.zh, status: 'active', eligibility_description: offered.eligibility.zh, application_process: offered.howToApply.zh,
          fees_description: offered.fees?.zh ?? '免费',
        });
        expect(s.attributes[0]!.taxonomy_term.code).toBe(offered.category);
        expect(s.languages.map((l) => l.code)).toEqual(offered.languages);
        expect(weeklyOf(s.schedules)).toEqual(station.hours.map((h) => `${h.weekday} ${h.opens}-${h.closes}`).sort());
        // Every exception the directory shows is a dated schedule, closed ones without hours.
        for (const e of station.exceptions) {
          const dated = s.schedules.find((x) => x.valid_from === e.date);
          expect(dated?.valid_to, `${station.id} ${e.date}`).toBe(e.date);
          expect(dated?.opens_at).toBe(e.closed ? undefined : `${e.opens}+08:00`);
        }
      }
    }
  });

  it('shows the Suzhou New Year closure, and the Changzhou market hours past dawn and in the evening', () => {
    const suzhou = services.filter((s) => s.name.endsWith('苏州服务驿站'));
    expect(suzhou.length).toBeGreaterThan(0);
    // Exceptions are exported from today on: the seeded holiday until it has passed.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    for (const s of suzhou) {
      const newYear = s.schedules.find((x) => x.valid_from === '2027-01-01');
      if (today <= '2027-01-01') expect(newYear).toMatchObject({ byday: 'FR', valid_to: '2027-01-01', notes: expect.stringContaining('元旦闭站') });
      else expect(newYear).toBeUndefined();
      if (newYear) expect(newYear.opens_at).toBeUndefined();
    }
    const changzhou = services.find((s) => s.attributes[0]!.taxonomy_term.code === 'credit')!;
    expect(changzhou.schedules.filter((s) => !s.valid_from).map((s) => [s.byday, s.opens_at, s.closes_at, s.timezone])).toEqual([
      ['MO,TU,WE,TH,FR,SA,SU', '05:30+08:00', '11:30+08:00', 8],
      ['MO,TU,WE,TH,FR,SA,SU', '18:30+08:00', '21:00+08:00', 8],
    ]);
    expect(changzhou.email).toBe(stationDetails.st_changzhou!.officeEmail);
  });

  it('speaks English with lang=en, with the same ids', async () => {
    const english = await all<HsdsService>('/v1/hsds/services', validators.servicePage, 'en');
    for (const s of english) expectValid(validators.service, s, `service ${s.id} (en)`);
    expect(english.map((s) => s.id)).toEqual(services.map((s) => s.id));
    expect(english.find((s) => s.attributes[0]!.taxonomy_term.code === 'credit')!.name).toBe('Credit referrals – Pizhou Service Station, Changzhou');
  });

  it('pages: small pages give the same services in the same order', async () => {
    expect((await all<HsdsService>('/v1/hsds/services', validators.servicePage, 'zh-CN', 3)).map((s) => s.id)).toEqual(services.map((s) => s.id));
    const beyond = await get<Page<HsdsService>>('/v1/hsds/services?page=999');
    expect(beyond).toMatchObject({ empty: true, size: 0, last_page: true, contents: [] });
  });

  it('refuses an unknown language with the 400 envelope', async () => {
    const res = await fetch(`${inject('apiUrl')}/v1/hsds/services?lang=fr&key=${KEY}`);
    expect(res.status).toBe(400);
    expect((await res.json() as { error: { code: string } }).error.code).toBe('validation_failed');
  });
});

describe('GET /v1/hsds/service_at_locations', () => {
  it('validates, one per service, each at its station with address, position, phone and hours', async () => {
    const list = await all<HsdsServiceAtLocation>('/v1/hsds/service_at_locations', validators.serviceAtLocationPage);
    for (const sal of list) expectValid(validators.serviceAtLocation, sal, `service_at_location ${sal.id}`);
    expect(list.map((x) => x.service_id)).toEqual(services.map((s) => s.id));
    for (const station of stations) {
      const here = list.filter((x) => x.location.external_identifier === station.id);
      expect(here).toHaveLength(station.services.flatMap((g) => g.services).length);
      for (const { location } of here) {
        expect(location).toMatchObject({
          id: await hsdsId('pizhou', 'station', station.id), name: station.name.zh,
          latitude: station.position.lat, longitude: station.position.lng,
          addresses: [{ address_1: station.address.zh, city: station.city.name.zh, country: 'CN' }],
        });
        expect(location.phones.map((p) => p.number)).toEqual(station.officePhone ? [station.officePhone] : []);
        expect(weeklyOf(location.schedules)).toEqual(station.hours.map((h) => `${h.weekday} ${h.opens}-${h.closes}`).sort());
      }
    }
  });
});

describe('GET /v1/hsds/organizations', () => {
  it('validates, with the home organisation and its three committees under it', async () => {
    const orgs = await all<HsdsOrganization>('/v1/hsds/organizations', validators.organizationPage);
    for (const o of orgs) expectValid(validators.organization, o, `organization ${o.id}`);
    const home = orgs.find((o) => !o.parent_organization_id)!;
    expect(home).toMatchObject({ id: await hsdsId('pizhou', 'organization', 'pizhou'), name: '中共邳州市委组织部' });
    expect(orgs.filter((o) => o.parent_organization_id === home.id).map((o) => o.name).sort())
      .toEqual(['邳州市驻常州流动党员综合党委', '邳州市驻苏州流动党员综合党委', '邳州市驻西安流动党员综合党委'].sort());
    // Each service's organization is one of these: its station's committee, or the home org.
    for (const s of services) expect(orgs.map((o) => o.id)).toContain(s.organization_id);
  });
});

describe('the validator itself', () => {
  it('rejects what HSDS forbids, so a broken export cannot pass', () => {
    const good = services[0]!;
    for (const broken of [{ ...good, id: 'st_changzhou_sv1' }, { ...good, status: 'open' }, (({ name: _, ...rest }) => rest)(good)]) {
      expect(validators.service(broken)).toBe(false);
    }
    expect(validators.servicePage({ contents: [{ id: 'x' }], total_items: 'many' })).toBe(false);
  });
});

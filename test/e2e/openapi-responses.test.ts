// Real responses against the OpenAPI document's own schemas (JSON Schema 2020-12, as OpenAPI 3.1
// has them), so that a client generated from the document accepts what the API sends. The
// nullable texts in particular: a generator must be told that they can be null.
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const api = inject('apiUrl');
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);

/** A validator for one component of the document, with its references resolved. */
let validator: (name: string) => (value: unknown) => string[];
beforeAll(async () => {
  const doc = await (await fetch(`${api}/v1/openapi.json`)).json() as { components: { schemas: Record<string, unknown> } };
  ajv.addSchema({ $id: 'openapi', components: doc.components });
  validator = (name) => {
    const validate = ajv.compile({ $ref: `openapi#/components/schemas/${name}` });
    return (value) => (validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));
  };
});

const get = async (path: string) => (await fetch(`${api}${path}`)).json() as Promise<Record<string, unknown>>;

describe('responses match the OpenAPI document', () => {
  it('a page of stations, with a station whose alert and fees are null', async () => {
    const page = await get('/v1/stations?limit=50&key=pk_test_pizhou') as { data: { alert: unknown; services: { fees: unknown }[] }[] };
    expect(validator('StationPage')(page)).toEqual([]);
    const station = page.data[0]!;
    const bare = { ...station, alert: null, services: station.services.map((s) => ({ ...s, fees: null })) };
    expect(validator('Station')(bare)).toEqual([]);
  });

  it('a page of branches, with a branch whose meeting place and times are null', async () => {
    const page = await get('/v1/branches?limit=20&key=pk_test_pizhou') as { data: Record<string, unknown>[] };
    expect(validator('BranchPage')(page)).toEqual([]);
    expect(validator('Branch')({ ...page.data[0], meetingPlace: null, meetingTimes: null })).toEqual([]);
    // And the document still says what a text is: null or a text, nothing else.
    expect(validator('Branch')({ ...page.data[0], meetingPlace: 'Room 1' })).not.toEqual([]);
  });
});

// Invalid variants of one operation's request, derived from its parameters and body schema. Each
// variant breaks one thing of an otherwise valid request (path id, query value, header, a body
// field, the whole body, its content type), so that it reaches as far into the handler as the
// break allows.
import {
  badDates, badTimes, oddBodies, oddNumbers, oddPathIds, oddQueryValues, oddStrings, Raw, serialize,
  wrongContentTypes, type RawBody,
} from './catalog.ts';
import { concrete, dateOrTime, typesOf, validValue, type Hints, type Operation, type Schema } from './openapi.ts';

/** A valid request of the operation: path ids that exist, required query values, a valid body. */
export type Base = {
  pathParams: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
};
/** One request to send (values already URL-encoded). */
export type RequestSpec = {
  label: string;
  pathParams: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body?: RawBody;
};
export type Variant = { label: string; make: (base: Base) => RequestSpec };

type Path = (string | number)[];
type Field = { path: Path; name: string; schema: Schema; required: boolean; chain: Schema[] };

/**
 * How much to send per operation and key. Each list (odd strings, numbers, dates, query values,
 * wrong types, path ids, whole bodies, content types…) is taken in turn from a seeded start, `n`
 * entries at a time, so that across an operation's fields and keys every entry is sent somewhere.
 */
export type Profile = {
  /** Entries of each value catalogue per field or parameter. */
  perField: number;
  /** Wrong types per field, of number, string, object, array, null, boolean. */
  wrongTypes: number;
  /** Path ids, whole bodies, content types and header values. */
  structural: number;
  /** Body fields fuzzed (absence, wrong types, values). */
  fields: number;
  /** Spread each catalogue over the operation's fields so that every entry is sent at least once. */
  everyEntry: boolean;
};
export const profiles = {
  /** The home admin, whom every operation lets furthest in: everything, 4 values of each catalogue per field. */
  full: { perField: 4, wrongTypes: Infinity, structural: Infinity, fields: Infinity, everyEntry: true },
  /** Another key the operation accepts: every field, a sample of the rest. */
  allowed: { perField: 1, wrongTypes: 2, structural: 5, fields: Infinity, everyEntry: false },
  /** A key refused the operation (401/403 on its valid request): the refusal comes before the body. */
  refused: { perField: 0, wrongTypes: 1, structural: 4, fields: 3, everyEntry: false },
} satisfies Record<string, Profile>;

export function variantsFor(op: Operation, profile: Profile, random: () => number, hints: Hints): Variant[] {
  const positions = new Map<unknown, number>();
  /** The next `n` entries of `list` (its turn kept under `key`), cyclically from a seeded start; all of it when n >= its length. */
  const pick = <T>(list: readonly T[], n: number, key: unknown = list): T[] => {
    if (n >= list.length) return [...list];
    let at = positions.get(key) ?? Math.floor(random() * list.length);
    const out = Array.from({ length: n }, () => list[at++ % list.length]!);
    positions.set(key, at);
    return out;
  };
  const out: Variant[] = [];
  for (const p of op.parameters.filter((x) => x.in === 'path')) {
    for (const [label, id] of pick(oddPathIds, profile.structural)) out.push(v(`path ${p.name}: ${label}`, (b) => ({ pathParams: { ...b.pathParams, [p.name]: id } })));
  }
  const queryParams = op.parameters.filter((x) => x.in === 'query');
  const perQuery = Math.max(1, profile.perField * 2, profile.everyEntry ? Math.ceil(oddQueryValues.length / queryParams.length) : 0);
  for (const p of queryParams) {
    const set = (label: string, value: string | undefined, extra: [string, string][] = []) => out.push(v(`query ${p.name}: ${label}`, (b) => {
      const query = Object.entries({ ...b.query }).filter(([k]) => k !== p.name);
      if (value !== undefined) query.push([p.name, value]);
      return { query: [...query, ...extra] };
    }));
    set('absent', undefined);
    set('repeated (array)', 'a', [[p.name, 'b']]);
    set('bracketed (object)', undefined, [[`${p.name}[a]`, '1']]);
    if (p.schema.enum || concrete(p.schema).enum) set('not in the enum', 'fuzz_not_in_enum');
    for (const [label, value] of pick(oddQueryValues, perQuery)) set(label, value);
  }
  for (const p of op.parameters.filter((x) => x.in === 'header')) {
    const set = (label: string, value: string | undefined) => out.push(v(`header ${p.name}: ${label}`, (b) => {
      const headers = Object.fromEntries(Object.entries(b.headers).filter(([k]) => k.toLowerCase() !== p.name.toLowerCase()));
      return { headers: value === undefined ? headers : { ...headers, [p.name]: value } };
    }));
    for (const [label, value] of pick(oddHeaderValues, profile.structural)) set(label, value);
  }
  out.push(v('unknown query parameter', (b) => ({ query: [...Object.entries(b.query), ['fuzzUnknown', '1']] })));
  if (op.method !== 'GET') out.push(...bodyVariants(op, pick, profile, hints));
  return out;
}

const oddHeaderValues = [['absent', undefined], ['empty', ''], ['too short', 'short'], ['too long', 'k'.repeat(200)],
  ['bad characters', 'bad key!!'], ['Latin-1', '\u00ff'.repeat(12)], ['huge 8 KB', 'k'.repeat(8 * 1024)]] as const;

/** The base request itself, unchanged. */
export const validRequest = (): Variant => v('the valid request', () => ({}));

/** A variant changing some parts of the base request. */
function v(label: string, change: (b: Base) => Partial<Omit<RequestSpec, 'label'>>): Variant {
  return {
    label,
    make: (b) => ({
      label,
      pathParams: b.pathParams,
      query: Object.entries(b.query),
      headers: b.headers,
      ...(b.body === undefined ? {} : { body: { data: serialize(b.body), contentType: 'application/json' } }),
      ...change(b),
    }),
  };
}

const jsonBody = (body: unknown): RawBody => ({ data: serialize(body), contentType: 'application/json' });

const WRONG_TYPES = [['number', 123], ['string', 'fuzz'], ['object', {}], ['array', []], ['null', null], ['boolean', true]] as const;
const BOOLEANS = [['string "true"', 'true'], ['1', 1], ['0', 0], ['false', false]] as const;

function bodyVariants(op: Operation, pick: <T>(list: readonly T[], n: number, key?: unknown) => T[], profile: Profile, hints: Hints): Variant[] {
  const out: Variant[] = [];
  type Maker = [string, (b: Base) => RawBody];
  const bodies: Maker[] = [
    ...oddBodies.map(([label, body]): Maker => [`body: ${label}`, () => body]),
    ...wrongContentTypes.map(([label, contentType]): Maker => [`content type: ${label}`, (b) => ({ data: serialize(b.body ?? {}), contentType })]),
    ['content type: form-urlencoded form', () => ({ data: 'a=1&b=%FF&c', contentType: 'application/x-www-form-urlencoded' })],
    ['content type: multipart form', () => ({
      data: '--fuzz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--fuzz--\r\n', contentType: 'multipart/form-data; boundary=fuzz',
    })],
  ];
  if (op.body) {
    bodies.push(
      ['body: unknown top-level field', (b) => jsonBody({ ...(b.body as object), fuzzUnknown: 'x' })],
      ['body: __proto__ and constructor', (b) => ({
        data: `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${serialize(b.body).slice(1)}`, contentType: 'application/json',
      })],
      ['body: every field null', (b) => jsonBody(Object.fromEntries(Object.keys(b.body as object).map((k) => [k, null])))],
      ['body: duplicate keys', (b) => ({ data: `{"fuzzDup":1,${serialize(b.body).slice(1, -1)},${serialize(b.body).slice(1)}`, contentType: 'application/json' })],
    );
  }
  for (const [label, make] of pick(bodies, profile.structural * 2)) out.push(v(label, (b) => ({ body: make(b) })));
  if (!op.body) return out;
  const fields = pick(fieldsOf(op.body, [], [], 0), profile.fields).map((f) => {
    const c = concrete(f.schema);
    const types = typesOf(c);
    const is = (t: string) => types.includes(t) || (t === 'number' && types.includes('integer'));
    return { f, c, types, is, time: is('string') ? dateOrTime(c, f.name) : undefined };
  });
  /** Entries of `list` per field: `perField`, or more where few fields share it and every entry must be sent. */
  const per = (list: readonly unknown[], sharing: number, extra = 0) =>
    profile.perField === 0 ? 0 : Math.max(profile.perField + extra, profile.everyEntry ? Math.ceil(list.length / Math.max(1, sharing)) : 0);
  const sharing = (test: (x: (typeof fields)[number]) => boolean) => fields.filter(test).length;
  const nStrings = per(oddStrings, sharing((x) => x.is('string')));
  const nDates = per(badDates, sharing((x) => x.time === 'date'));
  const nTimes = per(badTimes, sharing((x) => x.time === 'time'));
  const nNumbers = per(oddNumbers, sharing((x) => x.is('number')), 2);
  const nBooleans = per(BOOLEANS, sharing((x) => x.is('boolean')));
  for (const { f, c, types, is, time } of fields) {
    const at = (label: string, value: unknown) => out.push(v(`body.${f.path.join('.')}: ${label}`, (b) => ({ body: jsonBody(setAt(b.body, f, value, hints)) })));
    out.push(v(`body.${f.path.join('.')}: missing`, (b) => ({ body: jsonBody(deleteAt(b.body, f, hints)) })));
    const wrongTypes = WRONG_TYPES.filter(([label]) => (label === 'string' ? !is('string') || c.enum || c.pattern || c.format : !is(label)));
    for (const [label, value] of pick(wrongTypes, profile.wrongTypes, WRONG_TYPES)) {
      at(label === 'string' && is('string') ? 'string outside its enum or pattern' : `wrong type ${label}`, value);
    }
    const n = profile.perField;
    if (n === 0) continue;
    const extras: (readonly [string, unknown])[] = [];
    if (is('string')) {
      extras.push(...pick(oddStrings, nStrings));
      if (time) extras.push(...pick(time === 'date' ? badDates : badTimes, time === 'date' ? nDates : nTimes));
      if (c.enum) extras.push(['enum value upper-cased', String(c.enum.find((x) => typeof x === 'string') ?? 'X').toUpperCase()]);
    }
    if (is('number')) {
      const edges: (readonly [string, unknown])[] = [...oddNumbers];
      if (c.minimum !== undefined) edges.push(['below minimum', c.minimum - 1]);
      if (c.maximum !== undefined) edges.push(['above maximum', c.maximum + 1]);
      if (types.includes('integer') && !types.includes('number')) edges.push(['fraction', 1.5]);
      extras.push(...pick(edges, nNumbers, oddNumbers));
    }
    if (is('boolean')) extras.push(...pick(BOOLEANS, nBooleans));
    if (is('array')) {
      const item = c.items ? validValue(c.items, f.name, hints) : 'x';
      extras.push(...pick<[string, unknown]>([
        ['empty array', []], ['array of null', [null]], ['nested array', [[item]]],
        [`${(c.maxItems ?? 999) + 1} items`, Array.from({ length: (c.maxItems ?? 999) + 1 }, () => structuredClone(item))],
        ['10,000 items', new Raw(`[${Array.from({ length: 10_000 }, () => serialize(item)).join(',')}]`)],
      ], n + 1, 'arrays'));
    }
    if (is('object')) {
      extras.push(...pick<[string, unknown]>([['empty object', {}], ['__proto__ key', new Raw('{"__proto__":{"polluted":true}}')]], n, 'objects'));
      if (n > 1) {
        out.push(v(`body.${f.path.join('.')}: unknown field`, (b) => {
          const current = getAt(b.body, f, hints);
          return { body: jsonBody(setAt(b.body, f, { ...(current && typeof current === 'object' ? current : {}), fuzzUnknown: 'x' }, hints)) };
        }));
      }
    }
    for (const [label, value] of extras) at(label, value);
  }
  return out;
}

/** Every property of the body, nested objects and the first item of arrays included (3 levels). */
function fieldsOf(s: Schema, path: Path, chain: Schema[], depth: number): Field[] {
  const c = concrete(s);
  const out: Field[] = [];
  for (const [name, schema] of Object.entries(c.properties ?? {})) {
    const field = { path: [...path, name], name, schema, required: c.required?.includes(name) ?? false, chain: [...chain, schema] };
    out.push(field);
    if (depth >= 3) continue;
    const fc = concrete(schema);
    const types = typesOf(fc);
    if (types.includes('object') && fc.properties) out.push(...fieldsOf(fc, field.path, field.chain, depth + 1));
    if (types.includes('array') && fc.items) {
      const item = { path: [...field.path, 0], name, schema: fc.items, required: false, chain: [...field.chain, fc.items] };
      out.push(item);
      const ic = concrete(fc.items);
      if (typesOf(ic).includes('object') && ic.properties) out.push(...fieldsOf(ic, item.path, item.chain, depth + 1));
    }
  }
  return out;
}

/** The body with the containers up to `f` present (valid values where the base had none). */
function withContainers(body: unknown, f: Field, hints: Hints): { root: unknown; parent: Record<string | number, unknown> } {
  const root = structuredClone(body ?? {});
  let parent = root as Record<string | number, unknown>;
  for (let i = 0; i < f.path.length - 1; i++) {
    const key = f.path[i]!;
    const next = parent[key];
    const wanted = typeof f.path[i + 1] === 'number' ? 'array' : 'object';
    const fits = wanted === 'array' ? Array.isArray(next) && next.length > 0 : next !== null && typeof next === 'object' && !Array.isArray(next);
    if (!fits) {
      const made = validValue(f.chain[i]!, String(key), hints);
      parent[key] = wanted === 'array' && (!Array.isArray(made) || made.length === 0) ? [validValue(concrete(f.chain[i]!).items ?? {}, String(key), hints)] : made;
    }
    parent = parent[key] as Record<string | number, unknown>;
  }
  return { root, parent };
}

function setAt(body: unknown, f: Field, value: unknown, hints: Hints): unknown {
  const { root, parent } = withContainers(body, f, hints);
  parent[f.path.at(-1)!] = value;
  return root;
}

function deleteAt(body: unknown, f: Field, hints: Hints): unknown {
  const { root, parent } = withContainers(body, f, hints);
  const last = f.path.at(-1)!;
  if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
  else delete parent[last];
  return root;
}

function getAt(body: unknown, f: Field, hints: Hints): unknown {
  const { parent } = withContainers(body, f, hints);
  return parent[f.path.at(-1)!];
}

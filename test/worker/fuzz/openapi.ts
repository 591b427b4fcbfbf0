// The parts of the OpenAPI document the fuzz test reads: operations, their parameters and JSON
// request bodies, with `$ref`s resolved; and a valid value for a schema, so that each variant
// breaks one thing while the rest of the request is fine (and reaches the handler).

export type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  pattern?: string;
  format?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  default?: unknown;
  description?: string;
};
export type Parameter = { name: string; in: 'path' | 'query' | 'header' | 'cookie'; required?: boolean; schema: Schema };
export type Operation = {
  /** e.g. `POST /v1/keys/{id}/rotate`, as the authorization matrix names it. */
  name: string;
  method: string;
  path: string;
  parameters: Parameter[];
  /** The JSON request body's schema, resolved; undefined when the operation takes no body. */
  body?: Schema;
  bodyRequired: boolean;
};
export type OpenApiDocument = {
  paths: Record<string, Record<string, {
    parameters?: Parameter[];
    requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  }>>;
  components?: { schemas?: Record<string, Schema> };
};

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, in its order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = resolver(doc);
  return Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops)
    .filter(([method]) => METHODS.includes(method))
    .map(([method, op]) => {
      const json = op.requestBody?.content['application/json'];
      return {
        name: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema) })),
        ...(json ? { body: resolve(json.schema) } : {}),
        bodyRequired: op.requestBody?.required ?? false,
      };
    }));
}

/** Replaces every `$ref` (deeply) by the component it names; cycles stop at depth 12. */
function resolver(doc: OpenApiDocument) {
  const resolve = (s: Schema | undefined, depth = 0): Schema => {
    if (!s || depth > 12) return {};
    if (s.$ref) {
      const name = s.$ref.replace('#/components/schemas/', '');
      const { $ref: _, ...rest } = s;
      return resolve({ ...doc.components?.schemas?.[name], ...rest }, depth + 1);
    }
    const out: Schema = { ...s };
    if (s.properties) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, resolve(v, depth + 1)]));
    if (s.items) out.items = resolve(s.items, depth + 1);
    for (const k of ['anyOf', 'oneOf', 'allOf'] as const) if (s[k]) out[k] = s[k]!.map((x) => resolve(x, depth + 1));
    return out;
  };
  return resolve;
}

/** The schema's JSON types, `allOf`/`anyOf`/`oneOf` merged (a nullable reference is `allOf: [ref, {type: [object, null]}]`). */
export function typesOf(s: Schema): string[] {
  const own = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  const nested = [...(s.anyOf ?? []), ...(s.oneOf ?? []), ...(s.allOf ?? [])].flatMap(typesOf);
  const all = [...new Set([...own, ...nested])];
  if (all.length === 0 && s.properties) return ['object'];
  if (all.length === 0 && s.enum) return [...new Set(s.enum.map((v) => (v === null ? 'null' : typeof v)))];
  return all;
}

/** The non-null branch of a schema: what its properties and items are. */
export function concrete(s: Schema): Schema {
  const parts = [...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? [])].filter((p) => !typesOf(p).every((t) => t === 'null'));
  return parts.reduce<Schema>((acc, p) => ({ ...concrete(p), ...acc, properties: { ...concrete(p).properties, ...acc.properties } }), s);
}

/**
 * Valid values for fields the schema cannot tell (ids that must exist, a consent's version):
 * by property name, from the Pizhou seed. Anything else comes from the schema's own examples.
 */
export type Hints = Record<string, () => unknown>;

/** A value the schema accepts: its example, default, first enum value, or one built to fit. */
export function validValue(s: Schema, name: string, hints: Hints, depth = 0): unknown {
  const hint = hints[name];
  if (hint) return hint();
  const c = concrete(s);
  if (c.example !== undefined && !typesOf(c).includes('object')) return structuredClone(c.example);
  if (c.const !== undefined) return c.const;
  if (c.enum?.length) return c.enum.find((v) => v !== null) ?? c.enum[0];
  if (c.default !== undefined && c.default !== null) return structuredClone(c.default);
  const types = typesOf(c).filter((t) => t !== 'null');
  const type = types[0] ?? 'string';
  if (type === 'object') {
    if (c.example !== undefined && typeof c.example === 'object') return withHints(structuredClone(c.example) as Record<string, unknown>, c, hints, depth);
    if (depth > 6) return {};
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(c.properties ?? {})) {
      if (c.required?.includes(k) || hints[k]) out[k] = validValue(v, k, hints, depth + 1);
    }
    return out;
  }
  if (type === 'array') return depth > 6 || !c.items ? [] : [validValue(c.items, name, hints, depth + 1)];
  if (type === 'integer' || type === 'number') return c.minimum ?? 1;
  if (type === 'boolean') return true;
  return validString(c);
}

/** A whole-object example still gets the hinted fields (ids that exist, the current consent). */
function withHints(example: Record<string, unknown>, s: Schema, hints: Hints, depth: number): Record<string, unknown> {
  for (const [k, v] of Object.entries(s.properties ?? {})) {
    if (hints[k] && k in example) example[k] = hints[k]!();
    else if (k in example && typesOf(v).includes('object') && example[k] && typeof example[k] === 'object' && !Array.isArray(example[k])) {
      example[k] = withHints(example[k] as Record<string, unknown>, concrete(v), hints, depth + 1);
    }
  }
  return example;
}

const STRING_CANDIDATES = ['09:00', '2027-01-01', '1234', 'fuzz-valid-0001', 'st_fuzz_made', 'zh', 'en',
  'https://portal.example.cn/check-in', 'fuzz@example.com', '0519-86310000', 'Asia/Shanghai', 'x'];

/** A string meeting the schema's pattern, format and length (from a few candidates). */
export function validString(s: Schema): string {
  if (s.example !== undefined && typeof s.example === 'string') return s.example;
  if (s.format === 'email') return 'fuzz@example.com';
  if (s.format === 'uri' || s.format === 'url') return 'https://portal.example.cn/check-in';
  if (s.format === 'date-time') return '2027-01-01T08:00:00Z';
  if (s.format === 'date') return '2027-01-01';
  const fits = (v: string) => (!s.pattern || new RegExp(s.pattern, 'u').test(v))
    && v.length >= (s.minLength ?? 0) && v.length <= (s.maxLength ?? Infinity);
  return STRING_CANDIDATES.find(fits) ?? 'x'.repeat(Math.max(1, s.minLength ?? 1));
}

/** Whether a string field holds a date or a time of day, by its pattern, format or name. */
export function dateOrTime(s: Schema, name: string): 'date' | 'time' | undefined {
  const p = s.pattern ?? '';
  if (s.format === 'date' || s.format === 'date-time' || p.includes('\\d{4}-\\d{2}-\\d{2}') || /date/i.test(name)) return 'date';
  if (/\):\[0-5\]|\\d:\\d|:\[0-5\]/.test(p) || /^(opens|closes|time|at)$/i.test(name)) return 'time';
  return undefined;
}

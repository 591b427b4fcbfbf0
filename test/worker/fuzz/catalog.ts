// The bad values the fuzz test sends: odd strings, bad dates and times, numbers JSON can barely
// hold, absurd path ids and query values, broken bodies and wrong content types.

/** A JSON fragment sent as it is (JSON.stringify cannot write 1e999 or -0). */
export class Raw {
  constructor(readonly json: string) {}
}

/** JSON text of a value holding `Raw` fragments. */
export function serialize(v: unknown): string {
  if (v instanceof Raw) return v.json;
  if (Array.isArray(v)) return `[${v.map(serialize).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${serialize(x)}`).join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

const HUGE = 'a'.repeat(100 * 1024);
type Entry<T> = readonly [label: string, value: T];

/** Strings that are odd in content, not in type (for every string field). */
export const oddStrings: Entry<string>[] = [
  ['empty', ''],
  ['space', ' '],
  ['only whitespace', '\t\n \u3000'],
  ['huge 100 KB', HUGE],
  ['60 KB of CJK (a body under 64 KB)', '银'.repeat(20_000)],
  ['NUL', 'a\u0000b'],
  ['lone high surrogate', 'x\ud800y'],
  ['lone low surrogate', '\udfff'],
  ['RTL override', '\u202eevil\u202c'],
  ['RTL marks', '\u200f123\u200f'],
  ['emoji', '👨‍👩‍👧‍👦🀄🏳️‍🌈'],
  ['combining characters', `Z${'\u0301\u0308'.repeat(50)}`],
  ['full-width digits', '１３８００１３８０００'],
  ['zero-width and BOM', '\u200b\u200c\u200d\ufeff'],
  ['CR LF', 'a\r\nb\nc'],
  ['HTML', '<script>alert(1)</script>'],
  ['SQL', "' OR 1=1; DROP TABLE members; --"],
  ['percent and path', '%00%ff%/../../etc/passwd'],
];

export const badDates: Entry<string>[] = [
  ['month 13', '2027-13-01'], ['Feb 30', '2027-02-30'], ['Feb 29 of a common year', '2027-02-29'], ['empty date', ''],
  ['month 0', '2027-00-10'], ['year 0', '0000-01-01'], ['all 9s', '9999-99-99'], ['short', '2027-1-1'],
  ['compact', '20270101'], ['with a time', '2027-01-01T00:00:00Z'], ['full-width date', '２０２７-０１-０１'],
];
export const badTimes: Entry<string>[] = [
  ['24:61', '24:61'], ['24:00', '24:00'], ['empty time', ''], ['9:00', '9:00'], ['09:60', '09:60'],
  ['with seconds', '23:59:59'], ['negative', '-1:00'], ['full-width time', '２３:００'], ['12-hour', '12:00 PM'],
];

/** Numbers at and past the edges, as JSON text. */
export const oddNumbers: Entry<Raw>[] = [
  ['-1', new Raw('-1')], ['0', new Raw('0')], ['-0', new Raw('-0')], ['1.5', new Raw('1.5')],
  ['1e308', new Raw('1e308')], ['-1e308', new Raw('-1e308')], ['1e999 (Infinity)', new Raw('1e999')],
  ['-1e999 (-Infinity)', new Raw('-1e999')], ['2^53 + 1', new Raw('9007199254740993')], ['5e-324', new Raw('5e-324')],
  ['"NaN"', new Raw('"NaN"')], ['"Infinity"', new Raw('"Infinity"')], ['numeric string', new Raw('"12"')],
  ['hex string', new Raw('"0x10"')], ['full-width number', new Raw('"１２"')],
];

/** Query values (already URL-encoded): odd strings, numbers, dates and malformed encodings. */
export const oddQueryValues: Entry<string>[] = [
  ['empty', ''], ['space', '%20'], ['huge 100 KB', HUGE], ['NUL', 'a%00b'], ['lone surrogate (invalid UTF-8)', '%ED%A0%80'],
  ['bad percent-encoding', '%zz'], ['lone percent', '%'], ['RTL override', '%E2%80%AEevil'], ['emoji', '%F0%9F%98%80'],
  ['combining', `Z${'%CC%81'.repeat(40)}`], ['full-width digits', '%EF%BC%91%EF%BC%92'], ['SQL', "'%20OR%201=1--"],
  ['abc', 'abc'], ['1.5', '1.5'], ['-1', '-1'], ['0', '0'], ['1e309', '1e309'], ['NaN', 'NaN'], ['Infinity', 'Infinity'],
  ['-Infinity', '-Infinity'], ['20 digits', '99999999999999999999'], ['hex', '0x10'], ['padded', '%201%20'],
  ['comma list', '1,2'], ['null', 'null'], ['true', 'true'], ['JSON object', '%7B%7D'], ['JSON array', '%5B%5D'],
  ['month 13', '2027-13-01'], ['Feb 30', '2027-02-30'], ['24:61', '24%3A61'],
];

/** Path ids (already URL-encoded) that do not exist or are absurd. */
export const oddPathIds: Entry<string>[] = [
  ['does not exist', 'zz_does_not_exist'], ['encoded dot-dot', '..%2F..%2Fkeys'], ['encoded dots', '%2E%2E'],
  ['very long', 'x'.repeat(10_000)], ['65 characters', 'y'.repeat(65)], ['NUL', '%00'], ['lone surrogate (invalid UTF-8)', '%ED%A0%80'],
  ['bad percent-encoding', '%zz'], ['RTL override', '%E2%80%AEevil'], ['emoji', '%F0%9F%98%80'], ['full-width digits', '%EF%BC%91%EF%BC%92'],
  ['SQL', "'%20OR%201=1--"], ['__proto__', '__proto__'], ['constructor', 'constructor'], ['-1', '-1'], ['1e999', '1e999'],
  ['space', '%20'], ['JSON', '%7B%7D'], ['percent-encoded slash', '%2F'],
];

/** Whole request bodies: invalid JSON, JSON that is not an object, and bodies too big or too deep. */
export type RawBody = { data: string | Uint8Array; contentType: string | null };
export const oddBodies: Entry<RawBody>[] = [
  ['invalid JSON', { data: '{"a":', contentType: 'application/json' }],
  ['single quotes', { data: "{'a':1}", contentType: 'application/json' }],
  ['trailing comma', { data: '{"a":1,}', contentType: 'application/json' }],
  ['NaN literal', { data: '{"a":NaN}', contentType: 'application/json' }],
  ['empty body', { data: '', contentType: 'application/json' }],
  ['null', { data: 'null', contentType: 'application/json' }],
  ['array', { data: '[]', contentType: 'application/json' }],
  ['string', { data: '"body"', contentType: 'application/json' }],
  ['number', { data: '123', contentType: 'application/json' }],
  ['true', { data: 'true', contentType: 'application/json' }],
  ['empty object', { data: '{}', contentType: 'application/json' }],
  ['deeply nested (30,000 arrays, 60 KB)', { data: `{"a":${'['.repeat(30_000)}${']'.repeat(30_000)}}`, contentType: 'application/json' }],
  ['deeply nested (10,000 objects, 60 KB)', { data: `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`, contentType: 'application/json' }],
  ['1 MB of JSON', { data: `{"pad":"${'p'.repeat(1024 * 1024)}"}`, contentType: 'application/json' }],
  ['lone surrogate in a key', { data: '{"\\ud800":1}', contentType: 'application/json' }],
  ['invalid UTF-8 bytes', { data: new Uint8Array([0xff, 0xfe, 0x7b, 0x22, 0x61, 0x22, 0x3a, 0xc0, 0xaf, 0x7d]), contentType: 'application/json' }],
];

/** Content types other than JSON (the body is the valid JSON one unless the type needs another). */
export const wrongContentTypes: Entry<string | null>[] = [
  ['no Content-Type', null], ['text/plain', 'text/plain'], ['form-urlencoded', 'application/x-www-form-urlencoded'],
  ['multipart', 'multipart/form-data; boundary=fuzz'], ['JSON in UTF-16', 'application/json; charset=utf-16'],
  ['upper-case JSON', 'APPLICATION/JSON'], ['JSON:API', 'application/vnd.api+json'], ['XML', 'application/xml'],
];

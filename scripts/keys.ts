// Operator command for API keys: `npm run keys -- <create|list|revoke|rotate> …` (see USAGE).
// It runs the API's own validation and batches (worker/src/data/keys.ts) on the local D1, or
// through `wrangler d1 execute` on the deployed one, and audits as `operator:<user>`.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { userInfo } from 'node:os';
import { parseArgs } from 'node:util';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { auditLog, tenants, type ApiKey } from '../schema/index.ts';
import { createKey, listKeys, revokeKey, rotateKey, type KeyAudit } from '../worker/src/data/keys.ts';
import type { Database } from '../worker/src/db.ts';
import { HttpError } from '../worker/src/errors.ts';

const USAGE = `Manage a tenant's API keys.

  npm run keys -- create --tenant <id> --kind secret --role <role> [--node <id>] [--scopes a,b] [--category <c>] --label <text>
  npm run keys -- create --tenant <id> --kind publishable --origins <origin,origin> --label <text>
  npm run keys -- list   --tenant <id> [--include-revoked]
  npm run keys -- rotate --tenant <id> <key id>     new token, same settings; the old one stops at once
  npm run keys -- revoke --tenant <id> <key id>

Roles: home_admin (no --node), town_staff, village_staff, committee_secretary, branch_secretary,
station_manager, partner (each needs --node: the town, village, committee, branch, station or partner).
Scopes: read_only, members:read, members:write, keys:manage, audit:read, stations:write,
service_requests:read, service_requests:write.
--category (partner keys only): the service category whose shared requests the key reads:
training, policy, livelihood, employment, social_insurance, legal, credit, hardship.
Origins: scheme://host[:port], or scheme://host:* for any port.

Where:
  (default)            the local D1 of \`npm start\`, in .wrangler/state (test tokens: sk_test_…)
  --persist-to <dir>   another local D1 state directory
  --remote             the deployed D1, through \`wrangler d1 execute DB --remote\` (live tokens);
                       prints each SQL command it runs
  --via-wrangler       what --remote does, against the local D1 (to see and check the SQL)
`;

class UsageError extends Error {}

function parse(argv: string[]) {
  const { values, positionals } = parseArgs({
    args: argv, allowPositionals: true,
    options: {
      tenant: { type: 'string' }, kind: { type: 'string' }, role: { type: 'string' }, node: { type: 'string' },
      scopes: { type: 'string' }, origins: { type: 'string' }, label: { type: 'string' }, category: { type: 'string' },
      'include-revoked': { type: 'boolean' }, 'persist-to': { type: 'string' }, remote: { type: 'boolean' },
      'via-wrangler': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help) return { values, command: 'help' as const, rest };
  if (!['create', 'list', 'revoke', 'rotate'].includes(command ?? '')) throw new UsageError(command ? `Unknown command ${command}.` : 'Name a command.');
  if (!values.tenant) throw new UsageError('--tenant is required.');
  const wantsId = command === 'revoke' || command === 'rotate';
  if (rest.length !== (wantsId ? 1 : 0)) throw new UsageError(wantsId ? `${command} takes one key id.` : `Unexpected argument ${rest[0]}.`);
  return { values, command: command as 'create' | 'list' | 'revoke' | 'rotate', rest };
}

const list = (text: string | undefined) => text?.split(',').map((s) => s.trim()).filter(Boolean);

/** Inlines bound parameters as SQL literals (`wrangler d1 execute` takes no parameters). */
function inlineParams(sql: string, params: unknown[]): string {
  let i = 0;
  return sql.replace(/'(?:[^']|'')*'|\?/g, (token) => {
    if (token !== '?') return token;
    const v = params[i++];
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number' || typeof v === 'bigint') return String(v);
    if (typeof v === 'boolean') return v ? '1' : '0';
    return `'${String(v).replaceAll("'", "''")}'`;
  });
}

/**
 * Just enough of a D1 binding for drizzle, over `wrangler d1 execute --json --command`. A batch
 * goes as one command, so as one request to D1 (whether D1 rolls it back as a unit on a failure
 * is not verified here, unlike `db.batch` on the binding).
 */
function wranglerD1(target: string[]): D1Database {
  const execute = (sql: string): { results: Record<string, unknown>[] }[] => {
    console.error(`$ wrangler d1 execute DB ${target.join(' ')} --command '${sql.replaceAll("'", "'\\''")}'`);
    const r = spawnSync('wrangler', ['d1', 'execute', 'DB', ...target, '--json', '--command', sql],
      { encoding: 'utf8', env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
    if (r.status !== 0) throw new Error(`wrangler d1 execute failed:\n${r.stdout}\n${r.stderr}`);
    return JSON.parse(r.stdout) as { results: Record<string, unknown>[] }[];
  };
  const statement = (sql: string, params: unknown[] = []) => ({
    text: () => inlineParams(sql, params),
    bind: (...p: unknown[]) => statement(sql, p),
    all: async () => ({ results: execute(inlineParams(sql, params))[0]?.results ?? [], success: true, meta: {} }),
    raw: async () => (execute(inlineParams(sql, params))[0]?.results ?? []).map((row) => Object.values(row)),
    run: async () => ({ results: [], success: true, meta: {} }),
  });
  const d1 = {
    prepare: (sql: string) => statement(sql),
    batch: async (stmts: ReturnType<typeof statement>[]) =>
      execute(stmts.map((s) => s.text()).join(';\n')).map((r) => ({ results: r.results, success: true, meta: {} })),
  };
  return d1 as unknown as D1Database;
}

const day = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString().slice(0, 16).replace('T', ' '));
function printKeys(keys: ApiKey[]) {
  const rows = keys.map((k) => [k.id, k.kind, k.role ?? '-', k.scopeNodeId ?? '-', `${k.prefix}…${k.last4}`,
    k.label, day(k.createdAt), day(k.lastUsedAt), k.revokedAt === null ? '-' : `revoked ${day(k.revokedAt)}`]);
  const head = ['id', 'kind', 'role', 'node', 'key', 'label', 'created', 'last used', 'revoked'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows]) console.log(r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
}

function printIssued(k: ApiKey & { token: string }, verb: string) {
  console.log(`${verb} ${k.id} (${k.kind}${k.role ? `, ${k.role}` : ''}${k.scopeNodeId ? ` at ${k.scopeNodeId}` : ''}${k.serviceCategory ? `, ${k.serviceCategory} requests` : ''}): ${k.label}`);
  console.log(`\n  ${k.token}\n`);
  console.error('This is the only time the key is shown: store it in a secret manager now. Only its hash is kept.');
}

async function run(db: Database, p: ReturnType<typeof parse> & { command: 'create' | 'list' | 'revoke' | 'rotate' }, mode: 'live' | 'test') {
  const tenantId = p.values.tenant!;
  const [tenant] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.id, tenantId)).limit(1);
  if (!tenant) throw new UsageError(`No tenant ${tenantId} in this database.`);
  const requestId = `cli_${randomUUID()}`;
  const audit: KeyAudit = (e) => db.insert(auditLog).values({
    tenantId, at: Date.now(), keyId: `operator:${userInfo().username}`, role: null,
    action: e.action, subjectType: 'key', subjectId: e.subjectId, requestId, detail: e.detail ?? null,
  });
  const id = p.rest[0]!;
  if (p.command === 'create') {
    const v = p.values;
    const input = { kind: v.kind, label: v.label, role: v.role, scopeNodeId: v.node, scopes: list(v.scopes), allowedOrigins: list(v.origins), serviceCategory: v.category };
    printIssued(await createKey(db, tenantId, JSON.parse(JSON.stringify(input)), mode, audit), 'Created');
  } else if (p.command === 'rotate') {
    printIssued(await rotateKey(db, tenantId, id, audit), `Rotated ${id} (now revoked) into`);
  } else if (p.command === 'revoke') {
    const k = await revokeKey(db, tenantId, id, audit);
    console.log(`Revoked ${k.id} (${k.prefix}…${k.last4}, ${k.label}) at ${day(k.revokedAt)}.`);
  } else {
    const all: ApiKey[] = [];
    let cursor: string | undefined;
    do {
      const page = await listKeys(db, tenantId, { limit: 100, cursor, includeRevoked: Boolean(p.values['include-revoked']) });
      all.push(...page.data);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    // As the API's listings are: recorded before anything is shown.
    await db.insert(auditLog).values({
      tenantId, at: Date.now(), keyId: `operator:${userInfo().username}`, role: null, action: 'key.list', subjectType: 'key',
      subjectId: null, requestId, detail: { ids: all.map((k) => k.id), includeRevoked: Boolean(p.values['include-revoked']) },
    });
    printKeys(all);
  }
}

async function main(argv: string[]): Promise<number> {
  const p = parse(argv);
  if (p.command === 'help') { console.log(USAGE); return 0; }
  const persistTo = p.values['persist-to'] ?? '.wrangler/state';
  if (p.values.remote || p.values['via-wrangler']) {
    const target = p.values.remote ? ['--remote'] : ['--local', '--persist-to', persistTo];
    await run(drizzle(wranglerD1(target)), p, p.values.remote ? 'live' : 'test');
    return 0;
  }
  // Imported here: wrangler takes seconds to load, and --help or a usage error should not wait for it.
  const { getPlatformProxy } = await import('wrangler');
  const proxy = await getPlatformProxy<{ DB: D1Database }>({ persist: { path: `${persistTo}/v3` } });
  try {
    await run(drizzle(proxy.env.DB), p, 'test');
  } finally {
    await proxy.dispose();
  }
  return 0;
}

/** The API's field names, as this command's flags. */
const FLAGS: Record<string, string> = { kind: '--kind', label: '--label', role: '--role', scopeNodeId: '--node', scopes: '--scopes', allowedOrigins: '--origins', serviceCategory: '--category' };
const flagOf = (path: string) => { if (!path) return '(input)'; const [field, index] = path.split('.'); return `${FLAGS[field!] ?? field}${index ? ` #${Number(index) + 1}` : ''}`; };

main(process.argv.slice(2)).then((code) => process.exit(code), (err: unknown) => {
  if (err instanceof HttpError) {
    const details = (err.details as { path: string; message: string }[] | undefined) ?? [];
    console.error([err.message, ...details.map((d) => `  ${flagOf(d.path)}: ${d.message}`)].join('\n'));
    process.exit(err.status === 400 ? 2 : 1);
  }
  if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(err);
  process.exit(1);
});

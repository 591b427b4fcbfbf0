// Key management end to end: the SDK against the real worker, and the operator command
// (`npm run keys`) against a real persisted local D1.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuthenticationError, Ginkgo, GinkgoError, ValidationError, type ApiKey } from '../../sdk/src/index.ts';

const baseUrl = inject('apiUrl');

describe('client.keys', () => {
  const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl });

  it('creates a key that works at once, lists it without its token, and revokes it for good', async () => {
    const created = await admin.keys.create({ kind: 'secret', label: 'SDK test', role: 'committee_secretary', scopeNodeId: 'cm_suzhou' });
    expect(created.token).toMatch(/^sk_test_/);
    const scoped = new Ginkgo({ key: created.token, baseUrl, maxRetries: 0 });
    expect((await scoped.branches.get('br_sz_sip')).id).toBe('br_sz_sip');

    const listed: ApiKey[] = [];
    for await (const key of admin.keys.list({ limit: 2 })) listed.push(key);
    expect(listed.find((k) => k.id === created.id)).toMatchObject({ last4: created.token.slice(-4) });
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const revoked = await admin.keys.revoke(created.id);
    expect(revoked.revokedAt).toEqual(expect.any(Number));
    await expect(scoped.branches.get('br_sz_sip')).rejects.toBeInstanceOf(AuthenticationError);
    expect(await admin.keys.revoke(created.id)).toEqual(revoked);
    expect((await admin.keys.list()).data.some((k) => k.id === created.id)).toBe(false);
    expect((await admin.keys.list({ includeRevoked: true, limit: 100 })).data.some((k) => k.id === created.id)).toBe(true);
  });

  it('rotates: the new token works, the old one is refused', async () => {
    const old = await admin.keys.create({ kind: 'publishable', label: 'SDK widget', allowedOrigins: ['https://portal.example.org'] });
    const fresh = await admin.keys.rotate(old.id);
    expect(fresh.token).not.toBe(old.token);
    expect(await new Ginkgo({ key: fresh.token, baseUrl }).cities.list()).not.toHaveLength(0);
    await expect(new Ginkgo({ key: old.token, baseUrl, maxRetries: 0 }).cities.list()).rejects.toBeInstanceOf(AuthenticationError);
  });

  it('reports bad input and self-revocation as typed errors', async () => {
    const error = await admin.keys.create({ kind: 'publishable', label: 'no origins' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details).toEqual([expect.objectContaining({ path: 'allowedOrigins' })]);
    const self = await admin.keys.revoke('key_demo_sk').catch((e: unknown) => e);
    expect(self).toBeInstanceOf(GinkgoError);
    expect(self).toMatchObject({ status: 409, code: 'conflict' });
  });
});

describe('npm run keys (operator command) on a local D1', () => {
  const exec = promisify(execFile);
  const env = { ...process.env, WRANGLER_SEND_METRICS: 'false' };
  const dir = mkdtempSync(join(tmpdir(), 'ginkgo-keys-cli-'));
  const keys = (...args: string[]) => exec('tsx', ['scripts/keys.ts', ...args, '--persist-to', dir], { env });
  const fails = (...args: string[]) => keys(...args).then(() => { throw new Error('expected a failure'); }, (e: { code: number; stderr: string }) => e);

  beforeAll(async () => {
    await exec('wrangler', ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', dir], { env });
    await exec('wrangler', ['d1', 'execute', 'DB', '--local', '--persist-to', dir, '--command',
      "INSERT INTO tenants (id, name_zh, name_en) VALUES ('acme', '示例', 'Acme')"], { env });
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates, lists and revokes a key, auditing each change', async () => {
    const created = await keys('create', '--tenant', 'acme', '--kind', 'secret', '--role', 'home_admin', '--label', 'Ops server');
    const token = created.stdout.match(/sk_test_[A-Za-z0-9]{32}/)?.[0];
    const id = created.stdout.match(/key_[0-9a-f]{20}/)?.[0];
    expect(token && id).toBeTruthy();
    expect(created.stderr).toMatch(/only time the key is shown/);

    const listed = await keys('list', '--tenant', 'acme');
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain(`sk_test_…${token!.slice(-4)}`);
    expect(listed.stdout).not.toContain(token);

    expect((await keys('revoke', '--tenant', 'acme', id!)).stdout).toMatch(new RegExp(`Revoked ${id}`));
    expect((await keys('list', '--tenant', 'acme')).stdout).not.toContain(id);
    expect((await keys('list', '--tenant', 'acme', '--include-revoked')).stdout).toMatch(/revoked \d{4}-/);

    const audit = await exec('wrangler', ['d1', 'execute', 'DB', '--local', '--persist-to', dir, '--json', '--command',
      `SELECT action, key_id FROM audit_log WHERE subject_id = '${id}' ORDER BY id`], { env });
    const rows = (JSON.parse(audit.stdout) as { results: { action: string; key_id: string }[] }[])[0]!.results;
    expect(rows.map((r) => r.action)).toEqual(['key.create', 'key.revoke']);
    expect(rows[0]!.key_id).toMatch(/^operator:/);
    // Listings are audited too, with the ids they showed.
    const listings = await exec('wrangler', ['d1', 'execute', 'DB', '--local', '--persist-to', dir, '--json', '--command',
      `SELECT detail FROM audit_log WHERE action = 'key.list' AND key_id LIKE 'operator:%' ORDER BY id`], { env });
    const details = (JSON.parse(listings.stdout) as { results: { detail: string }[] }[])[0]!.results.map((r) => JSON.parse(r.detail) as { ids: string[] });
    expect(details).toHaveLength(3);
    expect(details[0]!.ids).toContain(id);
  }, 120_000);

  it('runs the same through `wrangler d1 execute` (the path --remote takes)', async () => {
    const created = await keys('create', '--tenant', 'acme', '--kind', 'publishable', '--origins', 'https://portal.example.org,http://localhost:*', '--label', "O'Brien portal", '--via-wrangler');
    expect(created.stderr).toContain('wrangler d1 execute DB --local');
    const id = created.stdout.match(/key_[0-9a-f]{20}/)?.[0];
    expect((await keys('list', '--tenant', 'acme', '--via-wrangler')).stdout).toMatch(new RegExp(`${id}.*O'Brien portal`));
  }, 120_000);

  it('refuses bad input with the reason and exit code 2', async () => {
    const noNode = await fails('create', '--tenant', 'acme', '--kind', 'secret', '--role', 'branch_secretary', '--node', 'br_nowhere', '--label', 'x');
    expect(noNode.code).toBe(2);
    expect(noNode.stderr).toMatch(/--node: No branch br_nowhere/);
    const badOrigin = await fails('create', '--tenant', 'acme', '--kind', 'publishable', '--origins', 'portal.example.org/x', '--label', 'x');
    expect(badOrigin.stderr).toMatch(/--origins #1: Must be an origin/);
    for (const args of [['frobnicate', '--tenant', 'acme'], ['list'], ['list', '--tenant', 'acme', '--bogus'], ['revoke', '--tenant', 'acme']]) {
      const usage = await fails(...args);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toContain('npm run keys -- create');
    }
    expect((await fails('list', '--tenant', 'nobody')).stderr).toMatch(/No tenant nobody/);
    expect((await keys('--help')).stdout).toContain('--remote');
  }, 120_000);
});

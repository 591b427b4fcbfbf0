import { env, SELF } from 'cloudflare:test';
import { beforeAll, describe, expect, it } from 'vitest';
import { database } from '../../worker/src/db.ts';
import { seedPizhou } from '../../worker/src/seed/index.ts';

beforeAll(async () => { await seedPizhou(database(env.DB)); });

const get = (path: string, init?: RequestInit) => SELF.fetch(`http://ginkgo.test${path}`, init);

describe('error envelope', () => {
  it('answers an unknown route with a JSON 404 and a request id that is also a header', async () => {
    const res = await get('/nowhere');
    expect(res.status).toBe(404);
    const body = await res.json<{ error: { code: string; requestId: string } }>();
    expect(body.error.code).toBe('not_found');
    expect(body.error.requestId).toBe(res.headers.get('X-Request-Id'));
  });
});

// Error responses of the real worker become typed errors carrying the envelope's fields.
import { expect, inject, it } from 'vitest';
import {
  AuthenticationError, Ginkgo, GinkgoError, NotFoundError, ValidationError,
} from '../../sdk/src/index.ts';

const baseUrl = inject('apiUrl');
const client = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl, maxRetries: 0 });

/** The rejection of a promise that must reject. */
async function rejection(promise: PromiseLike<unknown>): Promise<unknown> {
  try { await promise; } catch (err) { return err; }
  throw new Error('expected a rejection');
}

it('raises NotFoundError with the request id for an unknown branch', async () => {
  const err = await rejection(client.branches.get('br_nowhere'));
  expect(err).toBeInstanceOf(NotFoundError);
  expect(err).toBeInstanceOf(GinkgoError);
  expect(err).toMatchObject({ status: 404, code: 'not_found', name: 'NotFoundError' });
  expect((err as NotFoundError).requestId).toMatch(/^req_/);
});

it('raises ValidationError with details for coordinates off the globe', async () => {
  const err = await rejection(client.branches.near({ lat: 123, lng: 119.95 }));
  expect(err).toBeInstanceOf(ValidationError);
  expect(err).toBeInstanceOf(GinkgoError);
  expect(err).toMatchObject({ status: 400, code: 'validation_failed' });
  expect((err as ValidationError).details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'lat' })]));
  expect((err as ValidationError).requestId).toMatch(/^req_/);
});

it('raises ValidationError for a cursor the API never issued', async () => {
  const err = await rejection(client.branches.search({ cursor: 'bm9wZQ' }));
  expect(err).toBeInstanceOf(ValidationError);
});

it.each(['pk_test_unknown', 'sk_test_unknown'])('raises AuthenticationError for the unknown key %s', async (key) => {
  const err = await rejection(new Ginkgo({ key, baseUrl }).cities.list());
  expect(err).toBeInstanceOf(AuthenticationError);
  expect(err).toBeInstanceOf(GinkgoError);
  expect(err).toMatchObject({ status: 401, code: 'unauthenticated' });
  expect((err as AuthenticationError).message).toMatch(/unknown or revoked/);
});

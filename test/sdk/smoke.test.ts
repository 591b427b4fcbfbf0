import { expect, inject, it } from 'vitest';

it('reaches the real worker', async () => {
  const res = await fetch(`${inject('apiUrl')}/v1/health`);
  expect(res.status).toBe(200);
});

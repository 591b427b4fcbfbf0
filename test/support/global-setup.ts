// Starts the product once for the e2e project, as `npm start` does, on a free port with its own D1.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { build } from '../../scripts/build.ts';
import { startLocalServer } from '../../scripts/local-server.ts';
import { startRecordingProxy } from './recording-proxy.ts';

declare module 'vitest' {
  /**
   * `outboxLog`: the server's output, where the SMS outbox prints its lines (test/support/sms-outbox.ts).
   * `persistTo`: the server's local D1 state, for operator commands (`npm run keys -- … --persist-to`).
   */
  export interface ProvidedContext { apiUrl: string; outboxLog: string; persistTo: string }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export default async function setup(project: TestProject) {
  await build();
  const persistTo = mkdtempSync(join(tmpdir(), 'ginkgo-e2e-'));
  const outboxLog = join(persistTo, 'wrangler-dev.log');
  // No quiet hours: notifications go whatever the wall clock says (notifications.test.ts tests them).
  const server = await startLocalServer({ port: await freePort(), persistTo, logFile: outboxLog, vars: { NOTIFY_QUIET_HOURS: 'off' } });
  // The tests reach the worker through a proxy that checks each /v1/ response against the OpenAPI document.
  const proxy = await startRecordingProxy(server.url);
  project.provide('apiUrl', proxy.url);
  project.provide('outboxLog', outboxLog);
  project.provide('persistTo', persistTo);
  return async () => {
    const { checked, failures } = await proxy.stop();
    await server.stop();
    rmSync(persistTo, { recursive: true, force: true });
    console.log(`OpenAPI conformance: ${checked} responses of the e2e project checked against the document.`);
    // Responses after the last file's own check (openapi-e2e-check.ts).
    if (failures.length) throw new Error(`Responses the OpenAPI document does not describe:\n${failures.join('\n')}`);
  };
}

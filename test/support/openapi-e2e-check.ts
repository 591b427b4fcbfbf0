// A setup file of the e2e project: after each test file, the responses the recording proxy
// (recording-proxy.ts, in front of the worker) saw meanwhile must all be ones the OpenAPI
// document describes. Files run one at a time, so what the proxy reports is this file's.
import { afterAll, inject } from 'vitest';
import { CONFORMANCE_PATH, type ConformanceReport } from './recording-proxy.ts';

afterAll(async () => {
  const { failures } = await (await fetch(`${inject('apiUrl')}${CONFORMANCE_PATH}`)).json() as ConformanceReport;
  if (failures.length) {
    const shown = failures.slice(0, 30).map((f) => `- ${f}`).join('\n');
    throw new Error(`Responses the OpenAPI document does not describe:\n${shown}${failures.length > 30 ? `\n… and ${failures.length - 30} more` : ''}`);
  }
});

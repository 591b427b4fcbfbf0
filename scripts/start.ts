// `npm start`: build, migrate and seed the local D1, serve everything on http://localhost:8787.
import { build } from './build.ts';
import { startLocalServer } from './local-server.ts';
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY } from '../worker/src/seed/pizhou.ts';

const port = Number(process.env.PORT ?? 8787);
console.log('Building the widgets and the docs…');
await build();
console.log('Migrating and seeding the local D1 (.wrangler/state)…');
const server = await startLocalServer({ port, persistTo: '.wrangler/state', log: 'inherit' });
const u = server.url;
console.log(`
  Ginkgo is running.
    Demo portal       ${u}/
    API               ${u}/v1/   (e.g. ${u}/v1/branches/near?lat=31.78&lng=119.95&key=${DEMO_PUBLISHABLE_KEY})
    OpenAPI document  ${u}/v1/openapi.json
    API docs          ${u}/docs
    Widget script     ${u}/widgets.js

  Demo keys (local only; never use them anywhere else):
    publishable  ${DEMO_PUBLISHABLE_KEY}        widgets, from any http://localhost:PORT or http://127.0.0.1:PORT page
    secret       ${DEMO_SECRET_KEY}  home admin, for the SDK and /docs (Authorization: Bearer …)

  SMS codes are not sent locally: each one is printed in this output as a {"smsOutbox":…} line.

  Press Ctrl+C to stop.
`);
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

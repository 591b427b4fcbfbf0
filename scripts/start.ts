// `npm start`: build, migrate and seed the local D1, serve everything on http://localhost:8787.
import { build } from './build.ts';
import { startLocalServer } from './local-server.ts';
import { DEMO_PUBLISHABLE_KEY, DEMO_SECRET_KEY } from '../worker/src/seed/pizhou.ts';
import { demoStaff } from '../worker/src/seed/pizhou-staff.ts';

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
    Staff console     ${u}/console/

  Demo keys (local only; never use them anywhere else):
    publishable  ${DEMO_PUBLISHABLE_KEY}        widgets, from any http://localhost:PORT or http://127.0.0.1:PORT page
    secret       ${DEMO_SECRET_KEY}  home admin, for the SDK and /docs (Authorization: Bearer …)

  Demo staff (local only): sign in to the console with one of these mobiles and 获取验证码.
${demoStaff.map(([, name, mobile, role, node]) => `    ${mobile}  ${role.padEnd(19)} ${(node ?? '').padEnd(17)} ${name}`).join('\n')}

  SMS codes are not sent locally: each one is printed in this output as a {"smsOutbox":…} line,
  the staff console's sign-in codes too.
  Lost-contact cases open daily; to run the job now: curl '${u}/__scheduled?cron=17+3+*+*+*'

  Press Ctrl+C to stop.
`);
const stop = () => void server.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

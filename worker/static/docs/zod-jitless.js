// Loaded by /docs before Scalar's bundle. Zod, inside that bundle, probes whether it may compile
// validators with Function(); the page's Content-Security-Policy (no 'unsafe-eval') refuses the
// probe, which works but is reported as a violation on every visit. Zod's documented `jitless`
// setting skips the probe; bundled copies of zod share their settings through this global.
globalThis.__zod_globalConfig = Object.assign(globalThis.__zod_globalConfig ?? {}, { jitless: true });

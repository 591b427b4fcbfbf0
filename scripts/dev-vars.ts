// Local secrets for `wrangler dev`: `.dev.vars` (git-ignored) holds a VERIFICATION_SECRET made
// on first start, random per checkout. Deployments set theirs with `wrangler secret put`.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export function ensureDevVars(path = '.dev.vars'): void {
  const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
  if (/^VERIFICATION_SECRET=.{32,}$/m.test(current)) return;
  const line = `VERIFICATION_SECRET=${randomBytes(32).toString('hex')}\n`;
  writeFileSync(path, `${current}${current && !current.endsWith('\n') ? '\n' : ''}${line}`, { mode: 0o600 });
}

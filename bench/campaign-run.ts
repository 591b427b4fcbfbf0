// `npx tsx bench/campaign-run.ts [--chunk 500] [--faults 0.05] [--timeout 1800]`, after `npm run build`: the campaign benchmark alone (bench/campaign.ts).
import { parseArgs } from 'node:util';
import { measureCampaign } from './campaign.ts';
import { prepare } from './prepare.ts';

const { values } = parseArgs({ options: { chunk: { type: 'string', default: '500' }, faults: { type: 'string', default: '0.05' }, timeout: { type: 'string', default: '1800' } } });
const bundle = await prepare({ reseed: false });
const figures = await measureCampaign(bundle.path, { chunk: Number(values.chunk), faults: Number(values.faults), timeoutSeconds: Number(values.timeout) });
const { progress, ...rest } = figures;
console.log(JSON.stringify({ ...rest, progressSamples: progress.length }, null, 2));
if (!figures.check.ok || !figures.finished) process.exitCode = 1;

// QR posters: what they show, that their code really decodes to the check-in link, that no
// secret key is ever printed, and that names cannot inject markup.
import { beforeAll, describe, expect, it } from 'vitest';
import { branches, hostCities, positionColumns, tenants } from '../../schema/index.ts';
import { qrModules, decodePoster } from '../support/qr-decode.ts';
import { issueTestKey } from './callers.ts';
import { call, db, expectError, PK, seed, SK, withKey } from './helpers.ts';
import { fetchWorker } from './openapi-recorder.ts';

const ORIGIN = 'http://ginkgo.test';
const LINGJIATANG = '凌家塘市场流动党员党支部';
let pkHere: string;

beforeAll(async () => {
  await seed();
  // A publishable key that may be used from this server's own origin, as a deployment's would.
  pkHere = (await issueTestKey({ tenantId: 'pizhou', kind: 'publishable', allowedOrigins: [ORIGIN] })).token;
  await db().insert(tenants).values({ id: 'elsewhere', nameZh: '别处', nameEn: 'Elsewhere' });
  await db().insert(hostCities).values({ id: 'el_city', tenantId: 'elsewhere', nameZh: '别城', nameEn: 'Other city', provinceZh: '省', provinceEn: 'P', lat: 30, lng: 120 });
  await db().insert(branches).values([
    { id: 'br_elsewhere', tenantId: 'elsewhere', cityId: 'el_city', nameZh: '别处支部', nameEn: 'Elsewhere Branch',
      addressZh: '某路', addressEn: 'Some road', ...positionColumns(30, 120), searchText: 'elsewhere' },
    { id: 'br_injected', tenantId: 'pizhou', cityId: 'pizhou_changzhou', nameZh: '<script>alert(1)</script>支部',
      nameEn: 'Evil </title><script>alert(2)</script>', addressZh: '"><img src=x onerror=alert(3)>路',
      addressEn: "' onmouseover='alert(4)", ...positionColumns(31.7, 119.9), searchText: 'injected' },
  ]);
});

const poster = (path: string, init: RequestInit = {}) => call(path, init);

describe('a branch poster asked for with a publishable key', () => {
  it('prints the tenant, the names and the address, and its QR code opens this server’s check-in page with the branch', async () => {
    const res = await poster(`/v1/branches/br_cz_lingjiatang/poster?key=${pkHere}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('text/html; charset=UTF-8');
    expect(res.headers.get('Cache-Control')).toMatch(/^public, max-age=60/);
    expect(res.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    const html = await res.text();
    for (const text of ['中共邳州市委组织部', LINGJIATANG, 'Lingjiatang Market Branch',
      '江苏省常州市武进区凌家塘农副产品批发市场管理楼3楼', '0519-86300000', '扫码报到', 'Scan to check in']) {
      expect(html).toContain(text);
    }
    const url = `${ORIGIN}/check-in?k=${pkHere}&b=br_cz_lingjiatang`;
    expect(decodePoster(html)).toBe(url);
    expect(html).toContain(`<p class="link">${url.replaceAll('&', '&#38;')}</p>`);
    expect(html).not.toMatch(/<script/i);
  });

  it('has a quiet zone of 4 modules around the code', async () => {
    const modules = qrModules(await (await poster(`/v1/branches/br_cz_lingjiatang/poster?key=${pkHere}`)).text());
    const border = (i: number) => [...modules[i]!, ...modules.map((row) => row[i]!)];
    for (const i of [0, 1, 2, 3, modules.length - 4, modules.length - 3, modules.length - 2, modules.length - 1]) {
      expect(border(i).some(Boolean)).toBe(false);
    }
    expect(modules[4]![4]).toBe(true); // the finder pattern's corner
  });

  it('answers 304 to its ETag', async () => {
    const first = await poster(`/v1/branches/br_cz_lingjiatang/poster?key=${pkHere}`);
    const again = await poster(`/v1/branches/br_cz_lingjiatang/poster?key=${pkHere}`, { headers: { 'If-None-Match': first.headers.get('ETag')! } });
    expect(again.status).toBe(304);
  });

  it('refuses (400) when the key may not be used on this server’s page, unless a checkInUrl is given', async () => {
    // The demo key is for http://localhost:* only.
    const error = await expectError(await poster(`/v1/branches/br_cz_lingjiatang/poster?key=${PK}`), 400, 'validation_failed');
    expect(error.message).toContain('checkInUrl');
    const local = await fetchWorker(`http://localhost:8787/v1/branches/br_cz_lingjiatang/poster?key=${PK}`);
    expect(decodePoster(await local.text())).toBe(`http://localhost:8787/check-in?k=${PK}&b=br_cz_lingjiatang`);
    // A checkInUrl on one of the key's origins (any port of localhost here).
    const portal = await poster(`/v1/branches/br_cz_lingjiatang/poster?key=${PK}&checkInUrl=${encodeURIComponent('http://localhost:5173/报到')}`);
    expect(decodePoster(await portal.text())).toBe('http://localhost:5173/%E6%8A%A5%E5%88%B0?b=br_cz_lingjiatang');
  });

  it('refuses (400) a checkInUrl off the key’s allowed origins: a public key cannot mint a phishing poster', async () => {
    const foreign = ['https://evil.example/x', 'http://evil.example:8787/check-in', `${ORIGIN}.evil.example/check-in`,
      'https://localhost:5173@evil.example/x', 'http://localhost/check-in', 'https://localhost:5173/check-in'];
    for (const checkInUrl of foreign) {
      for (const subject of ['branches/br_cz_lingjiatang', 'stations/st_changzhou']) {
        const res = await poster(`/v1/${subject}/poster?key=${PK}&checkInUrl=${encodeURIComponent(checkInUrl)}`);
        const error = await expectError(res, 400, 'validation_failed');
        expect(error.message, checkInUrl).toMatch(/allowed origins/);
        expect(error.details, checkInUrl).toEqual([expect.objectContaining({ path: 'checkInUrl' })]);
      }
    }
    // The key of this test is allowed on ORIGIN only: its own hosted page is fine, another page there too.
    const own = await poster(`/v1/branches/br_cz_lingjiatang/poster?key=${pkHere}&checkInUrl=${encodeURIComponent(`${ORIGIN}/portal`)}`);
    expect(decodePoster(await own.text())).toBe(`${ORIGIN}/portal?b=br_cz_lingjiatang`);
    await expectError(await poster(`/v1/branches/br_cz_lingjiatang/poster?key=${pkHere}&checkInUrl=${encodeURIComponent('http://localhost:5173/x')}`), 400, 'validation_failed');
  });
});

describe('a station poster', () => {
  it('with a secret key and a checkInUrl: the code opens that page with the station, and the key is nowhere', async () => {
    const checkInUrl = 'https://portal.example.cn/pizhou/check-in?from=door';
    const res = await poster(`/v1/stations/st_changzhou/poster?checkInUrl=${encodeURIComponent(checkInUrl)}`, withKey(SK));
    expect(res.status).toBe(200);
    expect(res.headers.get('Cache-Control')).toMatch(/^private, max-age=60/);
    const html = await res.text();
    expect(html).toContain('邳州流动党员常州服务驿站');
    expect(html).toContain('流动党员服务驿站');
    expect(html).toContain('江苏省常州市武进区凌家塘市场东门');
    expect(decodePoster(html)).toBe(`${checkInUrl}&s=st_changzhou`);
    expect(html).not.toContain(SK);
    // Staff may name a page on any origin (unlike a publishable key, held to its own).
    const elsewhere = await poster(`/v1/stations/st_changzhou/poster?checkInUrl=${encodeURIComponent('http://other.example:8080/in')}`, withKey(SK));
    expect(decodePoster(await elsewhere.text())).toBe('http://other.example:8080/in?s=st_changzhou');
    expect(html).not.toContain('sk_');
  });

  it('with a publishable key: the code opens the hosted page with the station', async () => {
    const html = await (await poster(`/v1/stations/st_suzhou/poster?key=${pkHere}`)).text();
    expect(decodePoster(html)).toBe(`${ORIGIN}/check-in?k=${pkHere}&s=st_suzhou`);
  });
});

describe('refusals', () => {
  it('a secret key without checkInUrl gets a 400 that says what to do, for branches and stations', async () => {
    for (const path of ['/v1/branches/br_cz_lingjiatang/poster', '/v1/stations/st_changzhou/poster']) {
      const error = await expectError(await poster(path, withKey(SK)), 400, 'validation_failed');
      expect(error.message).toMatch(/checkInUrl/);
      expect(JSON.stringify(error)).not.toContain(SK);
    }
  });

  it('checkInUrl must be an absolute http(s) URL of at most 500 characters, and carry no secret key', async () => {
    const bad = ['/check-in', 'ftp://portal.example.cn/x', 'javascript:alert(1)', `https://portal.example.cn/${'x'.repeat(480)}`,
      `https://portal.example.cn/?token=${SK}`, `https://portal.example.cn/?token=${SK.replace('sk_', 'sk%5F')}`,
      `https://portal.example.cn/?token=${SK.replace('sk_', '%73k%5f')}`, `https://portal.example.cn/?token=${SK.replace('sk_', 'sk%255F')}`];
    for (const checkInUrl of bad) {
      const res = await poster(`/v1/branches/br_cz_lingjiatang/poster?checkInUrl=${encodeURIComponent(checkInUrl)}`, withKey(SK));
      const error = await expectError(res, 400, 'validation_failed');
      expect(error.details, checkInUrl).toEqual([expect.objectContaining({ path: 'checkInUrl' })]);
    }
  });

  it('an unknown id, or another tenant’s, is 404', async () => {
    await expectError(await poster(`/v1/branches/br_nowhere/poster?key=${pkHere}`), 404, 'not_found');
    await expectError(await poster(`/v1/stations/st_nowhere/poster?key=${pkHere}`), 404, 'not_found');
    await expectError(await poster(`/v1/branches/br_elsewhere/poster?key=${pkHere}`), 404, 'not_found');
    const other = (await issueTestKey({ tenantId: 'elsewhere', kind: 'secret', role: 'home_admin' })).token;
    await expectError(await poster('/v1/branches/br_cz_lingjiatang/poster?checkInUrl=https://a.example/', withKey(other)), 404, 'not_found');
  });
});

it('escapes names and addresses: a branch named <script> prints as text', async () => {
  const res = await poster(`/v1/branches/br_injected/poster?key=${pkHere}`);
  expect(res.status).toBe(200);
  const html = await res.text();
  expect(html).not.toMatch(/<script|<img|<\/title><|onmouseover='/i);
  expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;支部');
  expect(html).toContain('&#34;&#62;&#60;img src=x onerror=alert(3)&#62;路');
  expect(html).toContain('&#39; onmouseover=&#39;alert(4)');
  expect(decodePoster(html)).toBe(`${ORIGIN}/check-in?k=${pkHere}&b=br_injected`);
});

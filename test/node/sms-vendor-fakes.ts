// Local stand-ins for Aliyun's and Tencent's SMS APIs (node:http on 127.0.0.1, a random port).
// Each checks a request as the real service does: it recomputes the signature itself, from the
// vendors' documented algorithms (written here from the docs, with node:crypto, sharing no code
// with worker/src/sms/), checks the timestamp, the nonce and the required parameters, and answers
// in the vendor's shape: success, a signature error, throttling, a 500, or no answer at all.
import { createHash, createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the next request gets once it passes the checks (`error500` and `hang` come before them, as a broken gateway would). */
export type FakeMode = 'ok' | 'throttle' | 'api-throttle' | 'error500' | 'unreadable' | 'hang';

export type Received = {
  method: string; path: string; query: Record<string, string>; headers: IncomingMessage['headers']; body: string;
  /** The fake's verdict: 'accepted', or the vendor error code it answered. */
  verdict: string;
};

export type VendorFake = {
  url: string;
  mode: FakeMode;
  received: Received[];
  /** Stops the fake, dropping the requests still waiting for an answer (mode `hang`). */
  close(): Promise<void>;
};

export const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data, 'utf8').digest();
const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));

async function startFake(handle: (req: IncomingMessage, body: string, res: ServerResponse, fake: VendorFake) => void): Promise<VendorFake> {
  let server: Server;
  const fake: VendorFake = {
    url: '', mode: 'ok', received: [],
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => handle(req, Buffer.concat(chunks).toString('utf8'), res, fake));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** The raw query string decoded into a map (each name once, as SendSms sends them). */
function parseQuery(raw: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of raw ? raw.split('&') : []) {
    const eq = part.indexOf('=');
    const name = decodeURIComponent(eq < 0 ? part : part.slice(0, eq));
    out[name] = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1));
  }
  return out;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v.join(',') : v;
};

// ---------------------------------------------------------------------------------------------
// Aliyun: signature V3 ("V3版本请求体&签名机制", help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature)
// ---------------------------------------------------------------------------------------------

/** RFC 3986 as the V3 page specifies: A-Z a-z 0-9 - _ . ~ unencoded, every other UTF-8 byte as %XX (upper case). */
export function aliyunEncode(s: string): string {
  let out = '';
  for (const byte of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** The V3 signature (lowercase hex) of a request, from its parts, as the page's four steps compute it. */
export function aliyunSignature(o: {
  secret: string; method: string; canonicalUri: string; query: Record<string, string>;
  headers: Record<string, string>; signedHeaders: string[]; body: string;
}): string {
  // Step 1: CanonicalRequest.
  const canonicalQueryString = Object.keys(o.query).sort()
    .map((k) => `${aliyunEncode(k)}=${aliyunEncode(o.query[k]!)}`).join('&');
  const names = [...o.signedHeaders].map((h) => h.toLowerCase()).sort();
  const canonicalHeaders = names.map((h) => `${h}:${(o.headers[h] ?? '').trim()}\n`).join('');
  const canonicalRequest = `${o.method}\n${o.canonicalUri}\n${canonicalQueryString}\n${canonicalHeaders}\n${names.join(';')}\n${sha256(o.body)}`;
  // Step 2: StringToSign. Step 3: HMAC-SHA256 with the AccessKey secret, hex.
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`;
  return createHmac('sha256', o.secret).update(stringToSign, 'utf8').digest('hex');
}

export type AliyunAccount = { accessKeyId: string; accessKeySecret: string; signName: string; templateCode: string };

export function startAliyunFake(account: AliyunAccount): Promise<VendorFake> {
  const nonces = new Set<string>();
  return startFake((req, body, res, fake) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const rawQuery = (req.url ?? '').includes('?') ? (req.url ?? '').slice((req.url ?? '').indexOf('?') + 1) : '';
    const query = parseQuery(rawQuery);
    const got: Received = { method: req.method ?? '', path: url.pathname, query, headers: req.headers, body, verdict: '' };
    fake.received.push(got);
    const requestId = randomUUID().toUpperCase();
    const answer = (status: number, json: Record<string, unknown>) => {
      got.verdict = String(json.Code);
      res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' }).end(JSON.stringify({ RequestId: requestId, ...json }));
    };
    const refuse = (status: number, Code: string, Message: string) =>
      answer(status, { HostId: 'dysmsapi.aliyuncs.com', Code, Message, Recommend: `https://api.aliyun.com/troubleshoot?q=${Code}` });

    if (fake.mode === 'hang') { got.verdict = 'hang'; return; }
    if (fake.mode === 'error500') { got.verdict = 'http 500'; res.writeHead(500, { 'Content-Type': 'text/html' }).end('<html><body>500 Internal Server Error</body></html>'); return; }

    // The gateway: the action, the version and the V3 signature.
    if (got.method !== 'POST' && got.method !== 'GET') return refuse(400, 'UnsupportedHTTPMethod', `${got.method} is not supported.`);
    if (url.pathname !== '/') return refuse(404, 'InvalidAction.NotFound', 'RPC requests go to /.');
    const auth = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]+),Signature=([0-9a-f]{64})$/.exec(header(req, 'authorization') ?? '');
    if (!auth) return refuse(400, 'IncompleteSignature', 'The Authorization header is missing or malformed.');
    const [, accessKeyId, signedList, signature] = auth as unknown as [string, string, string, string];
    if (header(req, 'x-acs-action') !== 'SendSms') return refuse(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    if (header(req, 'x-acs-version') !== '2017-05-25') return refuse(400, 'InvalidVersion', 'Specified parameter Version is not valid.');
    const date = header(req, 'x-acs-date') ?? '';
    const nonce = header(req, 'x-acs-signature-nonce') ?? '';
    if (!date) return refuse(400, 'MissingParameter', 'x-acs-date is mandatory for this action.');
    if (!nonce) return refuse(400, 'MissingParameter', 'x-acs-signature-nonce is mandatory for this action.');
    // "x-acs-date: ISO 8601 UTC, yyyy-MM-ddTHH:mm:ssZ, within 15 minutes before the request".
    if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/.test(date)) return refuse(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    if (Math.abs(Date.now() - Date.parse(date)) > 15 * 60_000) return refuse(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');
    if (header(req, 'x-acs-content-sha256') !== sha256(body)) return refuse(400, 'ContentSHA256NotMatched', 'x-acs-content-sha256 is not the hash of the body.');
    const signed = signedList.split(';');
    // Every header that must be signed (host, content-type if any, every x-acs-*) must be signed.
    const mustSign = Object.keys(req.headers).filter((h) => h === 'host' || h === 'content-type' || h.startsWith('x-acs-'));
    const unsigned = mustSign.filter((h) => !signed.includes(h));
    if (unsigned.length) return refuse(400, 'IncompleteSignature', `Headers not signed: ${unsigned.join(', ')}.`);
    if (accessKeyId !== account.accessKeyId) return refuse(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    const headers = Object.fromEntries(signed.map((h) => [h, header(req, h) ?? '']));
    const expected = aliyunSignature({ secret: account.accessKeySecret, method: got.method, canonicalUri: '/', query, headers, signedHeaders: signed, body });
    if (!sameHex(expected, signature)) return refuse(400, 'SignatureDoesNotMatch', 'Specified signature is not matched with our calculation.');
    if (nonces.has(nonce)) return refuse(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(nonce);

    // SendSms itself: answered with HTTP 200 and a business Code.
    const biz = (Code: string, Message: string) => answer(200, { Code, Message });
    if (!query.PhoneNumbers) return refuse(400, 'MissingPhoneNumbers', 'PhoneNumbers is mandatory for this action.');
    if (!query.SignName) return refuse(400, 'MissingSignName', 'SignName is mandatory for this action.');
    if (!query.TemplateCode) return refuse(400, 'MissingTemplateCode', 'TemplateCode is mandatory for this action.');
    if (!/^(\+?86|0086)?1\d{10}$/.test(query.PhoneNumbers)) return biz('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    if (query.SignName !== account.signName) return biz('isv.SMS_SIGNATURE_ILLEGAL', '该账号下找不到对应签名');
    if (query.TemplateCode !== account.templateCode) return biz('isv.SMS_TEMPLATE_ILLEGAL', '该账号下找不到对应模板');
    let param: unknown;
    try { param = JSON.parse(query.TemplateParam ?? ''); } catch { return biz('isv.INVALID_JSON_PARAM', 'JSON参数不合法'); }
    if (typeof (param as { code?: unknown })?.code !== 'string') return biz('isv.TEMPLATE_MISSING_PARAMETERS', '模板变量缺少对应参数值');
    if (fake.mode === 'throttle') return biz('isv.BUSINESS_LIMIT_CONTROL', '触发号码天级流控Permits:10');
    if (fake.mode === 'api-throttle') return refuse(400, 'Throttling.User', 'Request was denied due to user flow control.');
    if (fake.mode === 'unreadable') { got.verdict = 'unreadable'; res.writeHead(200, { 'Content-Type': 'text/plain' }).end('OK'); return; }
    got.verdict = 'accepted';
    res.writeHead(200, { 'Content-Type': 'application/json;charset=utf-8' })
      .end(JSON.stringify({ Message: 'OK', RequestId: requestId, Code: 'OK', BizId: '9006197469364984^0' }));
  });
}

// ---------------------------------------------------------------------------------------------
// Tencent: TC3-HMAC-SHA256 ("签名方法 v3" / "Signature v3", e.g. cloud.tencent.com/document/api/213/30654)
// ---------------------------------------------------------------------------------------------

/** The TC3 signature (lowercase hex), as the page's steps compute it. */
export function tencentSignature(o: {
  secretKey: string; service: string; timestamp: number; method: string; canonicalQuery: string;
  headers: Record<string, string>; signedHeaders: string[]; body: string;
}): string {
  // 1. CanonicalRequest: names and values lowercased and trimmed, sorted by name.
  const names = o.signedHeaders.map((h) => h.toLowerCase()).sort();
  const canonicalHeaders = names.map((h) => `${h}:${(o.headers[h] ?? '').trim().toLowerCase()}\n`).join('');
  const canonicalRequest = `${o.method}\n/\n${o.canonicalQuery}\n${canonicalHeaders}\n${names.join(';')}\n${sha256(o.body)}`;
  // 2. StringToSign, with the UTC date of the timestamp.
  const date = new Date(o.timestamp * 1000).toISOString().slice(0, 10);
  const stringToSign = `TC3-HMAC-SHA256\n${o.timestamp}\n${date}/${o.service}/tc3_request\n${sha256(canonicalRequest)}`;
  // 3. The derived key, then the signature.
  const secretSigning = hmac(hmac(hmac(`TC3${o.secretKey}`, date), o.service), 'tc3_request');
  return createHmac('sha256', secretSigning).update(stringToSign, 'utf8').digest('hex');
}

export type TencentAccount = { secretId: string; secretKey: string; sdkAppId: string; signName: string; templateId: string };

export function startTencentFake(account: TencentAccount): Promise<VendorFake> {
  return startFake((req, body, res, fake) => {
    const url = new URL(req.url ?? '/', 'http://fake');
    const got: Received = { method: req.method ?? '', path: url.pathname, query: {}, headers: req.headers, body, verdict: '' };
    fake.received.push(got);
    const RequestId = randomUUID();
    // API 3.0 answers HTTP 200 with Response.Error for every refusal.
    const answer = (response: Record<string, unknown>) =>
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ Response: { ...response, RequestId } }));
    const refuse = (Code: string, Message: string) => { got.verdict = Code; answer({ Error: { Code, Message } }); };

    if (fake.mode === 'hang') { got.verdict = 'hang'; return; }
    if (fake.mode === 'error500') { got.verdict = 'http 502'; res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>'); return; }

    if (got.method !== 'POST' || url.pathname !== '/') return refuse('UnsupportedOperation', 'SendSms is a POST to /.');
    const contentType = header(req, 'content-type') ?? '';
    if (!/^application\/json(; ?charset=utf-8)?$/i.test(contentType)) return refuse('InvalidParameter', `Content-Type ${contentType} is not supported for signature v3 JSON.`);
    if (header(req, 'x-tc-action') !== 'SendSms') return refuse('InvalidAction', 'The action is not found.');
    if (header(req, 'x-tc-version') !== '2021-01-11') return refuse('InvalidParameterValue', 'X-TC-Version is not valid.');
    if (!header(req, 'x-tc-region')) return refuse('MissingParameter', 'The request is missing a required parameter `Region`.');
    const timestamp = Number(header(req, 'x-tc-timestamp'));
    if (!Number.isInteger(timestamp)) return refuse('MissingParameter', 'X-TC-Timestamp is missing or not an integer.');
    // "if the difference is over five minutes, the call will definitely fail".
    if (Math.abs(Date.now() / 1000 - timestamp) > 300) return refuse('AuthFailure.SignatureExpire', 'Signature expired. Timestamp and server time cannot differ by more than 5 minutes.');
    const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d\d-\d\d)\/([^/]+)\/tc3_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/
      .exec(header(req, 'authorization') ?? '');
    if (!auth) return refuse('AuthFailure.InvalidAuthorization', 'Authorization is malformed.');
    const [, secretId, date, service, signedList, signature] = auth as unknown as [string, string, string, string, string, string];
    const signed = signedList.split(';');
    if (!signed.includes('content-type') || !signed.includes('host')) return refuse('AuthFailure.InvalidAuthorization', 'content-type and host must be signed.');
    if (secretId !== account.secretId) return refuse('AuthFailure.SecretIdNotFound', 'The SecretId is not found, please ensure that your SecretId is correct.');
    const headers = Object.fromEntries(signed.map((h) => [h, header(req, h) ?? '']));
    const expected = tencentSignature({ secretKey: account.secretKey, service: 'sms', timestamp, method: 'POST', canonicalQuery: '', headers, signedHeaders: signed, body });
    if (service !== 'sms' || date !== new Date(timestamp * 1000).toISOString().slice(0, 10) || !sameHex(expected, signature)) {
      return refuse('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');
    }

    let p: Record<string, unknown>;
    try { p = JSON.parse(body) as Record<string, unknown>; } catch { return refuse('FailedOperation.FailResolvePacket', 'The request body could not be parsed.'); }
    const phones = p.PhoneNumberSet;
    if (!Array.isArray(phones) || phones.length === 0) return refuse('MissingParameter', 'PhoneNumberSet is required.');
    if (p.SmsSdkAppId !== account.sdkAppId) return refuse('InvalidParameterValue.SdkAppIdNotExist', 'The SdkAppId does not exist.');
    if (p.SignName !== account.signName) return refuse('FailedOperation.SignatureIncorrectOrUnapproved', 'The signature is not approved or is incorrect.');
    if (p.TemplateId !== account.templateId) return refuse('FailedOperation.TemplateIncorrectOrUnapproved', 'The template is not approved or does not match.');
    if (!Array.isArray(p.TemplateParamSet) || p.TemplateParamSet.length !== 1 || typeof p.TemplateParamSet[0] !== 'string') {
      return refuse('FailedOperation.TemplateParamSetNotMatchApprovedTemplate', 'TemplateParamSet does not match the approved template.');
    }
    if (fake.mode === 'api-throttle') return refuse('RequestLimitExceeded', 'The number of requests exceeds the frequency limit.');
    if (fake.mode === 'unreadable') { got.verdict = 'unreadable'; res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'); return; }
    // Per number: the send status. A number that is not +86 and 11 digits is refused in its own status.
    const status = (phone: string) => {
      if (!/^\+861\d{10}$/.test(phone)) return { Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'invalid mobile number' };
      if (fake.mode === 'throttle') return { Code: 'LimitExceeded.PhoneNumberOneHourLimit', Message: 'the number of SMS messages sent from a single mobile number within 1 hour exceeds the upper limit' };
      return { Code: 'Ok', Message: 'send success' };
    };
    const SendStatusSet = phones.map((phone: unknown) => ({
      SerialNo: '2028:f825e6b16e23f73f4123', PhoneNumber: String(phone), Fee: 1, SessionContext: '', IsoCode: 'CN', ...status(String(phone)),
    }));
    got.verdict = SendStatusSet[0]!.Code === 'Ok' ? 'accepted' : SendStatusSet[0]!.Code;
    answer({ SendStatusSet });
  });
}

// Authorization-matrix rows for notifications. The test worker has WeChat off and no receipt
// token, so every caller gets the same 404 from these: nothing here is reachable unconfigured.
// The routes' behaviour when configured: notification-jobs.test.ts and wechat-subscriptions.test.ts.
import { callerNames } from '../callers.ts';
import { get, post, publicRead, type Expectation, type Row } from './rows.ts';

const all404 = Object.fromEntries(callerNames.map((n) => [n, 404])) as Expectation;
const keyed404 = Object.fromEntries(Object.entries(publicRead).map(([n, s]) => [n, s === 200 ? 404 : s])) as Expectation;

export const notificationRows: Record<string, Row> = {
  // No key: the token in the path is the credential, and none is configured here.
  'POST /v1/notification-receipts/{vendor}/{token}': {
    request: post('/v1/notification-receipts/aliyun/some-guessed-token-0000', [{ biz_id: '1', success: true }]),
    expect: all404,
  },
  'POST /v1/wechat/subscriptions': {
    request: post('/v1/wechat/subscriptions', { reference: 'GK-7Q4M2X9P', mobileProof: 'x', code: 'c', subscribeDetails: '{}' }),
    expect: keyed404,
  },
  'GET /v1/wechat/js-config': { request: get(`/v1/wechat/js-config?url=${encodeURIComponent('http://localhost:5173/s')}`), expect: keyed404 },
};

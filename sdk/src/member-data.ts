// What a member does for themselves with a publishable key, each call carrying a proof of their
// mobile: their own data (a copy, a consent withdrawn, a correction or erasure asked for;
// docs/privacy.md) and WeChat notifications from 我的报到 (docs/notifications.md). On the full
// `Ginkgo` client only, so that the widgets' `GinkgoPublic` does not carry them.
import type { DataRequest, MyData as MyDataCopy, MyDataAuth, MyDataRequestCreate, MyDataWithdraw } from '../../schema/data-requests.ts';
import type { WechatJsConfig, WechatSubscriptionCreate, WechatSubscriptionResult } from '../../schema/notifications.ts';
import type { HttpClient } from './http.ts';

export class MyData {
  constructor(private readonly http: HttpClient) {}

  /**
   * Everything held about the proved mobile: roster record, check-ins, requests, consents, messages
   * and data requests. A POST (the number stays out of URLs), recorded as an export, so not retried.
   */
  copy(auth: MyDataAuth): Promise<MyDataCopy> {
    return this.http.request<MyDataCopy>({ method: 'POST', path: '/v1/my-data', body: auth });
  }

  /** Withdraws the check-in consent (`consent: 'check_in'`) or one partner's (`'partner'`, `partnerId`), at once. */
  withdrawConsent(input: MyDataWithdraw): Promise<{ withdrawn: number }> {
    return this.http.request<{ withdrawn: number }>({ method: 'POST', path: '/v1/my-data/consents/withdraw', body: input });
  }

  /** Asks for a correction (`field`, `text`) or an erasure; staff answer by `dueAt`. A `GinkgoError` with status 409 when an erasure (or ten requests) is already open. */
  request(input: MyDataRequestCreate): Promise<DataRequest> {
    return this.http.request<DataRequest>({ method: 'POST', path: '/v1/my-data/requests', body: input });
  }
}

export class Wechat {
  constructor(private readonly http: HttpClient) {}

  /** `wx.config`'s signature for a page (its URL without the #fragment), and the templates for `wx-open-subscribe`. `NotFoundError` when WeChat is off. */
  jsConfig(url: string): Promise<WechatJsConfig> {
    return this.http.request<WechatJsConfig>({ path: '/v1/wechat/js-config', query: { url } });
  }

  /**
   * Records the open tag's accepted subscription for a check-in or request: its reference, a proof
   * of its mobile, the snsapi_base OAuth `code` and `subscribeDetails`. Not retried: the code works once.
   */
  subscribe(input: WechatSubscriptionCreate): Promise<WechatSubscriptionResult> {
    return this.http.request<WechatSubscriptionResult>({ method: 'POST', path: '/v1/wechat/subscriptions', body: input });
  }
}

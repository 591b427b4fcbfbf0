// Service requests through the SDK, against the real worker over HTTP: a newcomer asks the
// Changzhou station about policy, the station manager handles it, the member sees it resolved;
// a bank's credit key reads only the credit request shared with it.
import { describe, expect, inject, it } from 'vitest';
import { SERVICE_REQUEST_CONSENT, SERVICE_REQUEST_REFERENCE_PATTERN, SERVICE_REQUEST_SHARE_CONSENT } from '../../schema/service-requests.ts';
import { Ginkgo, GinkgoError, NotFoundError, PermissionError, type ServiceRequestCreate } from '../../sdk/src/index.ts';
import { mobileProofFor } from '../support/mobile-proof.ts';

const baseUrl = inject('apiUrl');
const newcomer = new Ginkgo({ key: 'pk_test_pizhou', baseUrl });
const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl });

const freshMobile = () => `137${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const request = (over: Partial<ServiceRequestCreate> = {}): ServiceRequestCreate => ({
  name: '新来的老乡', mobile: freshMobile(), homeUnitId: 'hu_tiefu_yaowan', currentCity: '常州市武进区', memberCategory: 'business_owner',
  category: 'policy', cityId: 'pizhou_changzhou', description: '刚在凌家塘市场租了档口，想了解个体户登记和减税政策。',
  consent: { version: SERVICE_REQUEST_CONSENT.version, granted: true }, ...over,
});
/** `request(over)` as a member's form sends it: the mobile proved by an SMS code (from the local outbox). */
const proven = async (over: Partial<ServiceRequestCreate> = {}): Promise<ServiceRequestCreate> => {
  const r = request(over);
  return { ...r, mobileProof: await mobileProofFor(r.mobile) };
};

/** A fresh secret key for a role at a node, made with the admin key through the keys API. */
async function keyFor(role: 'station_manager' | 'partner', scopeNodeId: string, serviceCategory?: 'credit') {
  const issued = await admin.keys.create({ kind: 'secret', label: `e2e ${role}`, role, scopeNodeId, ...(serviceCategory ? { serviceCategory } : {}) });
  return new Ginkgo({ key: issued.token, baseUrl });
}

/** The id of the request with this reference in the key's scope, found by the list's `reference` filter. */
async function idOf(client: Ginkgo, reference: string, params: Parameters<Ginkgo['serviceRequests']['list']>[0] = {}) {
  const { data } = await client.serviceRequests.list({ reference: reference.toLowerCase(), ...params });
  expect(data.map((r) => r.reference)).toEqual([reference]);
  return data[0]!.id;
}

describe('client.serviceRequests', () => {
  it('files a policy request once, routed to the Changzhou station, which assigns and resolves it', async () => {
    const input = await proven();
    const idempotencyKey = crypto.randomUUID();
    const receipt = await newcomer.serviceRequests.create(input, { idempotencyKey });
    expect(await newcomer.serviceRequests.create(input, { idempotencyKey })).toEqual(receipt);
    expect(receipt).toMatchObject({ status: 'open', category: 'policy', routedTo: { kind: 'station', id: 'st_changzhou', name: { zh: '邳州流动党员常州服务驿站' } } });
    expect(receipt.reference).toMatch(SERVICE_REQUEST_REFERENCE_PATTERN);

    const manager = await keyFor('station_manager', 'st_changzhou');
    const id = await idOf(manager, receipt.reference, { status: 'open', category: 'policy' });
    const assigned = await manager.serviceRequests.assign(id, { assignee: '凌家塘红色先锋队', volunteerTeamId: 'vt_cz_market' });
    expect(assigned).toMatchObject({ status: 'assigned', member: { mobile: input.mobile }, volunteerTeam: { id: 'vt_cz_market' } });
    await manager.serviceRequests.note(id, '已电话约到驿站面谈');
    const resolved = await manager.serviceRequests.resolve(id, '已讲解个体户登记流程和今年的减税政策');
    expect(resolved.status).toBe('resolved');

    const detail = await manager.serviceRequests.get(id);
    if (detail.view !== 'staff') throw new Error('expected the staff view');
    expect(detail.notes.map((n) => n.text)).toEqual(['已电话约到驿站面谈']);
    expect(detail.history.map((h) => h.action.replace('service_request.', ''))).toEqual(['create', 'assign', 'note', 'resolve']);

    const status = await newcomer.serviceRequests.status({ reference: receipt.reference, mobileLast4: input.mobile.slice(-4) });
    expect(status).toMatchObject({ reference: receipt.reference, status: 'resolved', routedTo: { id: 'st_changzhou' } });
    expect(status.updatedAt).toBeGreaterThan(receipt.createdAt - 1);

    const again = manager.serviceRequests.resolve(id, '再次');
    await expect(again).rejects.toBeInstanceOf(GinkgoError);
    await expect(again).rejects.toMatchObject({ status: 409, code: 'conflict', details: { status: 'resolved' } });
    await expect(newcomer.serviceRequests.status({ reference: receipt.reference, mobileLast4: input.mobile.slice(-4) === '0000' ? '1111' : '0000' }))
      .rejects.toBeInstanceOf(NotFoundError);
  });

  it('gives a bank\'s credit key only the credit requests shared with it, in the partner view', async () => {
    const shared = await newcomer.serviceRequests.create(await proven({
      category: 'credit', name: '冷链老板', shareWith: { partnerId: 'pt_pizhou_bank', consent: { version: SERVICE_REQUEST_SHARE_CONSENT.version, granted: true } },
    }));
    const kept = await newcomer.serviceRequests.create(await proven({ category: 'credit' }));
    const bank = await keyFor('partner', 'pt_pizhou_bank', 'credit');
    const seen: string[] = [];
    for await (const r of bank.serviceRequests.list()) seen.push(r.reference);
    expect(seen).toContain(shared.reference);
    expect(seen).not.toContain(kept.reference);
    expect((await bank.serviceRequests.list({ reference: kept.reference })).data).toEqual([]);
    const id = await idOf(bank, shared.reference);
    expect(id).toBe(shared.id); // the receipt's id reads it back too
    const view = await bank.serviceRequests.get(id);
    expect(view).toMatchObject({ view: 'partner', category: 'credit', member: { name: '冷链老板' } });
    expect(view).not.toHaveProperty('notes');
    const noCategory = await keyFor('partner', 'pt_pizhou_bank');
    await expect(noCategory.serviceRequests.list()).rejects.toBeInstanceOf(PermissionError);
  });
});

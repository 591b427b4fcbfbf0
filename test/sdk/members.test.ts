// Members and audit through the SDK, against the real worker (seeded Pizhou demo tenant).
import { describe, expect, inject, it } from 'vitest';
import { Ginkgo, NotFoundError, PermissionError, type Member } from '../../sdk/src/index.ts';

const baseUrl = inject('apiUrl');
const admin = new Ginkgo({ key: 'sk_test_pizhou_admin', baseUrl });

describe('client.members', () => {
  it('awaits one page and iterates every member in scope', async () => {
    const page = await admin.members.list({ limit: 2 });
    expect(page.data).toHaveLength(2);
    expect(page.nextCursor).toEqual(expect.any(String));
    const all: Member[] = [];
    for await (const m of admin.members.list({ limit: 2 })) all.push(m);
    expect(all.map((m) => m.id)).toEqual(expect.arrayContaining(['mb_demo_01', 'mb_demo_09']));
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
  });

  it('filters, and gets one member with the staff view', async () => {
    // Other e2e files share this database and may add business owners of 铁富镇: check the filter, not the count.
    const page = await admin.members.list({ homeUnit: 'hu_tiefu', category: 'business_owner' });
    expect(page.data.map((m) => m.id)).toContain('mb_demo_09');
    expect(page.data.every((m) => m.category === 'business_owner')).toBe(true);
    expect(page.data.filter((m) => m.view === 'staff' && !m.homeUnit.id.startsWith('hu_tiefu'))).toEqual([]);
    const member = await admin.members.get('mb_demo_01');
    expect(member.view).toBe('staff');
    if (member.view === 'staff') expect(member.homeUnit.id).toBe('hu_gangshang_bei');
    await expect(admin.members.get('mb_nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('is refused to a publishable key', async () => {
    const widget = new Ginkgo({ key: 'pk_test_pizhou', baseUrl });
    await expect(widget.members.list()).rejects.toBeInstanceOf(PermissionError);
  });
});

describe('client.audit', () => {
  it('lists the reads just made, newest first, filtered by subject', async () => {
    await admin.members.get('mb_demo_02');
    const page = await admin.audit.list({ subjectType: 'member', subjectId: 'mb_demo_02', limit: 5 });
    expect(page.data[0]).toMatchObject({ action: 'member.read', role: 'home_admin', keyId: 'key_demo_sk' });
    const ids = page.data.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });
});

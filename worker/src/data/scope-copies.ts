// The scope copies, and the one module that writes them.
//
// Each scope (access/*-scope.ts) is one equality on an indexed column of the rows it filters, so
// rows carry copies of what their scopes look at:
//   members           home_town_id: the home unit's town; host_committee_id: the host branch's committee
//   check_ins         home_unit_id, home_town_id, member_branch_id, member_committee_id: its member's,
//                     now (they follow the member); branch_committee_id: its branch's committee;
//                     previous_committee_id: the committee of the branch the member left
//   service_requests  home_unit_id, home_town_id, member_branch_id: its member's, now;
//                     check_in_branch_id: the branch of the check-in that made it
//   lost_contact_cases home_unit_id, home_town_id, member_branch_id, member_committee_id: its
//                     member's, now (open and closed cases alike follow the member)
// The invariant: after every batch, every copy equals what it copies (on every row, the tenant's
// whole history included), or a scope silently shows a row to the wrong side or hides it from the
// right one. So each write of a member, check-in or request takes its copies from here, and a
// member who moves (host branch, home unit) moves every copy in the same batch as the move;
// test/worker/scope-consistency.ts checks every copy after each test of every write path.
// A branch moving to another committee is `moveBranchCommittee`. Nothing yet moves a village to
// another town: whatever does must update home_town_id everywhere here too.
//
// Written by the application, not by triggers: drizzle-kit knows nothing of triggers, and the
// table rebuild it generates for a change ALTER TABLE cannot make (create the new table, copy,
// drop the old, rename) drops the old table's triggers without a word, while plain columns are
// copied with their rows. Migration 0006's triggers (branch text search: branch_text_grams and
// their counts follow branches.search_text and city_id) are that case: a rebuild of `branches`
// drops them, and its rename then fails outright ("error in view branch_text_gram_source: no such
// table: main.branches", SQLite 3.51: a rename re-checks every view and trigger), so such a
// migration must drop that view first and create the view, its four triggers and the postings
// again. The consistency check covers those postings and that the triggers exist.
//
// branches.member_count is not a copy: it starts from the organisation's own figure and follows
// each move (one more where the member arrives, one fewer where they left).
//
// roster_counts is the roster's own count per node (village, town, host branch, committee): every
// insert and move here changes it in the same batch, and the consistency check recounts it.
import { and, eq, sql, type SQL } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { branches, checkIns, lostContactCases, members, rosterCounts, serviceRequests } from '../../../schema/index.ts';
import type { Database } from '../db.ts';

/** The town of a home unit: the unit if it is a town, else its parent. */
const homeTownOf = (tenantId: string, unitId: string) =>
  sql`(select coalesce(parent_id, id) from home_units where tenant_id = ${tenantId} and id = ${unitId})`;
const committeeOf = (branchId: string) => sql`(select committee_id from branches where id = ${branchId})`;

/** The member with this mobile, as a subquery: it exists once `insertMemberIfNew` has run. */
export const memberIdByMobile = (tenantId: string, mobile: string) =>
  sql`(select id from members where tenant_id = ${tenantId} and mobile = ${mobile})`;
/** One column of that member (a raw name: the subquery's own table). */
const memberColumn = (tenantId: string, mobile: string, column: string) =>
  sql`(select ${sql.identifier(column)} from members where tenant_id = ${tenantId} and mobile = ${mobile})`;
/** One column of the member with this id. */
const memberColumnById = (memberId: string, column: string) =>
  sql`(select ${sql.identifier(column)} from members where id = ${memberId})`;

type NewMember = Omit<typeof members.$inferInsert, 'homeTownId' | 'hostBranchId' | 'hostCommitteeId'>;

/**
 * `delta` added to the count of each distinct node `nodes` names (null ones skipped), where `when`
 * holds. Distinct: a member whose home unit is a town counts once there.
 */
const countNodes = (db: Database, tenantId: string, nodes: SQL[], delta: 1 | -1, when: SQL) => db.insert(rosterCounts)
  .select(sql`select ${tenantId}, node, ${delta} from (${sql.join(nodes.map((n) => sql`select ${n} as node`), sql` union `)})
    where node is not null and ${when}`)
  .onConflictDoUpdate({ target: [rosterCounts.tenantId, rosterCounts.nodeId], set: { members: sql`${rosterCounts.members} + excluded.members` } });

/**
 * Adds the member if the mobile is new to the tenant, with its copies and counts; a known member
 * is left as it is. New members have no host branch: a confirmed check-in gives them one (`moveHost`).
 */
export const insertMemberIfNew = (db: Database, m: NewMember): BatchItem<'sqlite'>[] => [
  db.insert(members).values({ ...m, homeTownId: homeTownOf(m.tenantId, m.homeUnitId) })
    .onConflictDoNothing({ target: [members.tenantId, members.mobile] }),
  // Right after the insert: changes() is its row count, 0 for a known mobile.
  countNodes(db, m.tenantId, [
    memberColumn(m.tenantId, m.mobile, 'home_unit_id'), memberColumn(m.tenantId, m.mobile, 'home_town_id'),
  ], 1, sql`changes() > 0`),
];

/**
 * Takes the member with this mobile off the counts (its nodes' roster_counts, its host branch's
 * member_count), for the same batch as the row's delete, before it: an erasure.
 */
export const uncountMember = (db: Database, tenantId: string, mobile: string): BatchItem<'sqlite'>[] => [
  countNodes(db, tenantId, ['home_unit_id', 'home_town_id', 'host_branch_id', 'host_committee_id'].map((c) => memberColumn(tenantId, mobile, c)), -1, sql`1`),
  db.update(branches).set({ memberCount: sql`max(${branches.memberCount} - 1, 0)` })
    .where(sql`${branches.id} = ${memberColumn(tenantId, mobile, 'host_branch_id')}`),
];

/** Recounts a tenant's roster_counts from its members: for rows written in bulk (the seed, tests of scale). */
export const recountRoster = (db: Database, tenantId: string): BatchItem<'sqlite'>[] => [
  db.delete(rosterCounts).where(eq(rosterCounts.tenantId, tenantId)),
  db.insert(rosterCounts).select(sql`select tenant_id, node_id, count(*) from (
      select tenant_id, home_unit_id as node_id from members where tenant_id = ${tenantId}
      union all select tenant_id, home_town_id from members where tenant_id = ${tenantId} and home_town_id is not home_unit_id
      union all select tenant_id, host_branch_id from members where tenant_id = ${tenantId}
      union all select tenant_id, host_committee_id from members where tenant_id = ${tenantId}
    ) where node_id is not null group by tenant_id, node_id`),
];

/** The member's copies on a row of theirs, for its insert after `insertMemberIfNew` in the same batch. */
const memberCopies = (tenantId: string, mobile: string) => ({
  homeUnitId: memberColumn(tenantId, mobile, 'home_unit_id'),
  homeTownId: memberColumn(tenantId, mobile, 'home_town_id'),
  memberBranchId: memberColumn(tenantId, mobile, 'host_branch_id'),
});

/** A new check-in's copies: its member's (by mobile) and its branch's committee. */
export const checkInCopies = (tenantId: string, mobile: string, branch: { committeeId: string | null }) => ({
  ...memberCopies(tenantId, mobile),
  memberCommitteeId: memberColumn(tenantId, mobile, 'host_committee_id'),
  branchCommitteeId: branch.committeeId,
});

/** A new service request's copies: its member's (by mobile) and, if a check-in made it, that check-in's branch. */
export const requestCopies = (tenantId: string, mobile: string, checkIn?: { branchId: string }) => ({
  ...memberCopies(tenantId, mobile),
  checkInBranchId: checkIn?.branchId ?? null,
});

/**
 * A new lost-contact case's copies, for the daily job's INSERT … SELECT from `members m`: the
 * columns, and the member's values for them in the same order.
 */
export const CASE_COPIES = {
  columns: 'home_unit_id, home_town_id, member_branch_id, member_committee_id',
  fromMember: 'm.home_unit_id, m.home_town_id, m.host_branch_id, m.host_committee_id',
} as const;

/**
 * A confirmation's record of the branch the member leaves (a handover) and its committee, read
 * from the member before `moveHost` moves them; both null if they were hosted nowhere or here.
 */
export const branchLeft = (memberId: string, branchId: string) => ({
  previousBranchId: sql<string | null>`(select host_branch_id from members where id = ${memberId} and host_branch_id <> ${branchId})`,
  previousCommitteeId: sql<string | null>`(select host_committee_id from members where id = ${memberId} and host_branch_id <> ${branchId})`,
});

/** Roster columns a move may set in the same update (a verified check-in's city, category, employer, that the mobile is proved). */
type RosterColumns = Partial<Record<'currentCity' | 'category' | 'employer' | 'lastCheckInAt' | 'mobileVerifiedAt', SQL>>;

/**
 * A member moving to be hosted by `branchId` (a confirmed check-in; a handover if they were hosted
 * elsewhere), for one batch: the branches' member counts, the member with its committee (and
 * `roster`), and every check-in, request and lost-contact case of theirs. Each statement runs only where `when`
 * holds (a condition on the batch so far, e.g. that this call confirmed the check-in).
 */
export function moveHost(db: Database, o: { tenantId: string; memberId: string; branchId: string; when: SQL; roster?: RosterColumns }): BatchItem<'sqlite'>[] {
  const { tenantId: t, memberId, branchId, when } = o;
  const hostNow = memberColumnById(memberId, 'host_branch_id');
  const committee = committeeOf(branchId);
  const committeeNow = memberColumnById(memberId, 'host_committee_id');
  const moving = sql`${when} and ${hostNow} is not ${branchId}`;
  return [
    // The counts first: they compare with where the member is before the move.
    countNodes(db, t, [hostNow, committeeNow], -1, moving),
    countNodes(db, t, [sql`${branchId}`, committee], 1, moving),
    db.update(branches).set({ memberCount: sql`${branches.memberCount} + 1` })
      .where(and(eq(branches.tenantId, t), eq(branches.id, branchId), when, sql`${hostNow} is not ${branchId}`)),
    db.update(branches).set({ memberCount: sql`max(${branches.memberCount} - 1, 0)` })
      .where(and(eq(branches.tenantId, t), when, sql`${branches.id} = ${hostNow}`, sql`${hostNow} <> ${branchId}`)),
    db.update(members).set({ ...o.roster, hostBranchId: branchId, hostCommitteeId: committee })
      .where(and(eq(members.tenantId, t), eq(members.id, memberId), when)),
    db.update(checkIns).set({ memberBranchId: branchId, memberCommitteeId: committee })
      .where(and(eq(checkIns.tenantId, t), eq(checkIns.memberId, memberId), when)),
    db.update(serviceRequests).set({ memberBranchId: branchId })
      .where(and(eq(serviceRequests.tenantId, t), eq(serviceRequests.memberId, memberId), when)),
    db.update(lostContactCases).set({ memberBranchId: branchId, memberCommitteeId: committee })
      .where(and(eq(lostContactCases.tenantId, t), eq(lostContactCases.memberId, memberId), when)),
  ];
}

/**
 * A member's home unit changing (a roster import's correction), for one batch: the member with its town,
 * and every check-in, request and lost-contact case of theirs (test/worker/scope-copies.test.ts runs it).
 * Campaign letters keep the unit they were made in: the funnel counts them there.
 */
export function moveHome(db: Database, o: { tenantId: string; memberId: string; homeUnitId: string }): BatchItem<'sqlite'>[] {
  const { tenantId: t, memberId } = o;
  const unit = memberColumnById(memberId, 'home_unit_id');
  const town = memberColumnById(memberId, 'home_town_id');
  const moving = sql`${unit} is not ${o.homeUnitId}`;
  return [
    countNodes(db, t, [unit, town], -1, moving),
    countNodes(db, t, [sql`${o.homeUnitId}`, homeTownOf(t, o.homeUnitId)], 1, moving),
    db.update(members).set({ homeUnitId: o.homeUnitId, homeTownId: homeTownOf(t, o.homeUnitId) })
      .where(and(eq(members.tenantId, t), eq(members.id, memberId))),
    db.update(checkIns).set({ homeUnitId: unit, homeTownId: town })
      .where(and(eq(checkIns.tenantId, t), eq(checkIns.memberId, memberId))),
    db.update(serviceRequests).set({ homeUnitId: unit, homeTownId: town })
      .where(and(eq(serviceRequests.tenantId, t), eq(serviceRequests.memberId, memberId))),
    db.update(lostContactCases).set({ homeUnitId: unit, homeTownId: town })
      .where(and(eq(lostContactCases.tenantId, t), eq(lostContactCases.memberId, memberId))),
  ];
}

/**
 * A branch moving to another committee (or to none), for one batch: the committees' counts (the
 * branch's members leave the old one for the new), the committee copies of the members it hosts
 * (and their lost-contact cases) and of every check-in at it, of its members' or leaving it, and
 * the branch itself, last.
 */
export function moveBranchCommittee(db: Database, o: { tenantId: string; branchId: string; committeeId: string | null }): BatchItem<'sqlite'>[] {
  const { tenantId: t, branchId, committeeId: next } = o;
  const now = sql`(select committee_id from branches where tenant_id = ${t} and id = ${branchId})`;
  const hosted = sql`coalesce((select members from roster_counts where tenant_id = ${t} and node_id = ${branchId}), 0)`;
  const moving = sql`${now} is not ${next}`;
  return [
    db.update(rosterCounts).set({ members: sql`${rosterCounts.members} - ${hosted}` })
      .where(and(eq(rosterCounts.tenantId, t), sql`${rosterCounts.nodeId} = ${now}`, moving)),
    db.insert(rosterCounts).select(sql`select ${t}, ${next}, ${hosted} where ${next} is not null and ${moving}`)
      .onConflictDoUpdate({ target: [rosterCounts.tenantId, rosterCounts.nodeId], set: { members: sql`${rosterCounts.members} + excluded.members` } }),
    db.update(members).set({ hostCommitteeId: next }).where(and(eq(members.tenantId, t), eq(members.hostBranchId, branchId))),
    db.update(checkIns).set({ branchCommitteeId: next }).where(and(eq(checkIns.tenantId, t), eq(checkIns.branchId, branchId))),
    db.update(checkIns).set({ memberCommitteeId: next }).where(and(eq(checkIns.tenantId, t), eq(checkIns.memberBranchId, branchId))),
    db.update(checkIns).set({ previousCommitteeId: next }).where(and(eq(checkIns.tenantId, t), eq(checkIns.previousBranchId, branchId))),
    db.update(lostContactCases).set({ memberCommitteeId: next }).where(and(eq(lostContactCases.tenantId, t), eq(lostContactCases.memberBranchId, branchId))),
    db.update(branches).set({ committeeId: next, updatedAt: Date.now() }).where(and(eq(branches.tenantId, t), eq(branches.id, branchId))),
  ];
}

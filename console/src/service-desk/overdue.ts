// When a service request is overdue. The API gives no due date, only when it was filed and its
// status: one still open or assigned OVERDUE_DAYS after it was filed is overdue (docs/console.md).
import type { StaffServiceRequest } from '../../../schema/service-requests.ts';

export const OVERDUE_DAYS = 7;
const DAY_MS = 86_400_000;

/** Whole days since it was filed, when it is still waiting for an answer that long; else null. */
export const overdueDays = (r: Pick<StaffServiceRequest, 'status' | 'createdAt'>, now = Date.now()): number | null => {
  if (r.status !== 'open' && r.status !== 'assigned') return null;
  const days = Math.floor((now - r.createdAt) / DAY_MS);
  return days >= OVERDUE_DAYS ? days : null;
};

/** The badge class of a status. */
export const statusBadge = (status: StaffServiceRequest['status']) => ({ open: 'warn', assigned: 'plain', resolved: 'ok', closed: 'plain' })[status];


// Authorization-matrix rows for station and service editing (staff) and the HSDS export.
import type { Row } from './rows.ts';

export const stationEditRows: Record<string, Row> = {
};

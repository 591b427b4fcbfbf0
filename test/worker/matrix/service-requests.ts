// Authorization-matrix rows for service requests.
import type { Row } from './rows.ts';

export const serviceRequestRows: Record<string, Row> = {
};

// Authorization-matrix rows for QR posters.
import type { Row } from './rows.ts';

export const posterRows: Record<string, Row> = {
};

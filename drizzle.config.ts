import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'sqlite',
  schema: ['./schema/tables.ts', './schema/staff-tables.ts', './schema/follow-up-tables.ts', './schema/roster-import-tables.ts', './schema/notification-tables.ts', './schema/data-request-tables.ts', './schema/campaign-tables.ts'],
  out: './migrations',
});

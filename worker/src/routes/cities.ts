import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { CityList, hostCities } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { requirePermission } from '../access/api-key.ts';
import { publicCache } from '../middleware/public-cache.ts';
import { keyedErrors, security } from './openapi-responses.ts';

const list = createRoute({
  method: 'get', path: '/cities', tags: ['Cities'], security, middleware: [requirePermission('public:read'), publicCache(300)] as const,
  summary: 'Host cities of the tenant (for a city picker)',
  responses: {
    200: { description: 'Cities by English name.', content: { 'application/json': { schema: CityList } } },
    304: { description: 'Unchanged.' },
    ...keyedErrors,
  },
});

export const cityRoutes = new OpenAPIHono<AppEnv>().openapi(list, async (c) => {
  const rows = await database(c.env.DB).select().from(hostCities)
    .where(eq(hostCities.tenantId, c.var.key.tenantId)).orderBy(asc(hostCities.nameEn));
  const data = rows.map((r) => ({
    id: r.id,
    name: { zh: r.nameZh, en: r.nameEn },
    province: { zh: r.provinceZh, en: r.provinceEn },
    position: { lat: r.lat, lng: r.lng },
  }));
  return c.json({ data }, 200);
});

import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import { CityList, hostCities } from '../../../schema/index.ts';
import { database } from '../db.ts';
import type { AppEnv } from '../env.ts';
import { anyKeySecurity as security, json, keyedErrors, notModified, publicRead } from './common.ts';

const list = createRoute({
  method: 'get', path: '/cities', operationId: 'listCities', tags: ['Cities'], security, middleware: publicRead(300),
  summary: 'Host cities of the tenant (for a city picker)',
  description: 'Every host city of the tenant with its province and a central position, names in Chinese and English; cached for five minutes.',
  responses: { 200: json(CityList, 'Cities by English name.'), ...notModified, ...keyedErrors },
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

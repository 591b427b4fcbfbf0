// A service request's public receipt, and where a request went. Apart from service-requests.ts
// (which re-exports both) because the check-in receipt lists its requests: service-requests.ts
// imports check-ins.ts, so check-ins.ts imports these from here.
import { z } from '@hono/zod-openapi';
import { NamedRef } from './common.ts';
import { serviceCategories, serviceRequestStatuses } from './tables.ts';

export const RoutedTo = NamedRef.extend({
  kind: z.enum(['station', 'committee', 'home']).openapi({ description: 'A station of the city, else its committee, else the home org.' }),
}).openapi('RoutedTo');

/** What the member (and any public caller with the reference and mobile) sees: no personal data but the resolution's text. */
export const ServiceRequestReceipt = z.object({
  id: z.string().openapi({
    example: 'sr_3f9a1c2b7d4e5f60a1b2',
    description: 'The request\'s id, by which the keys that read service requests read it back (`GET /v1/service-requests/{id}`).',
  }),
  reference: z.string().openapi({ example: 'SR-7Q4M2X9P' }),
  category: z.enum(serviceCategories),
  status: z.enum(serviceRequestStatuses),
  routedTo: RoutedTo,
  resolution: z.string().nullable().openapi({
    description: 'What the staff who resolved it wrote for the member (the console says so as it is typed); null until resolved.',
    example: '已当面讲解并提供申报材料清单',
  }),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
}).openapi('ServiceRequestReceipt');

export type ServiceRequestReceipt = z.infer<typeof ServiceRequestReceipt>;
export type RoutedTo = z.infer<typeof RoutedTo>;

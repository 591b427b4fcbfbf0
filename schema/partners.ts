// Partners (e.g. chambers of commerce) and the consents members gave them. Home admins only.
import { z } from '@hono/zod-openapi';
import { LocalizedText, pageOf, pageQuery } from './common.ts';

/** How far consents are counted per partner: a bound on the rows a list page reads. */
export const CONSENT_COUNT_CAP = 1000;

export const Partner = z
  .object({
    id: z.string().openapi({ example: 'pt_cz_chamber' }),
    name: LocalizedText,
    createdAt: z.number().int().openapi({ description: 'Unix milliseconds.' }),
    consented: z.number().int().openapi({ description: `Members whose consent stands (counted up to ${CONSENT_COUNT_CAP}).` }),
    withdrawn: z.number().int().openapi({ description: `Members who withdrew their consent (counted up to ${CONSENT_COUNT_CAP}).` }),
    countsCapped: z.boolean().openapi({ description: `True when the partner has more than ${CONSENT_COUNT_CAP} consents: the counts are then lower bounds.` }),
  })
  .openapi('Partner');

export const PartnerConsent = z
  .object({
    memberId: z.string(),
    memberName: z.string(),
    consentVersion: z.string().openapi({ example: 'partner-share-v1' }),
    grantedAt: z.number().int().openapi({ description: 'Unix milliseconds.' }),
    withdrawnAt: z.number().int().nullable().openapi({ description: 'Unix milliseconds; null while the consent stands.' }),
  })
  .openapi('PartnerConsent');

export const PartnerListQuery = pageQuery({ max: 50 });
export const PartnerConsentQuery = pageQuery({ max: 100, default: 50 });
export const PartnerIdParam = z.object({
  id: z.string().min(1).max(64).openapi({ param: { name: 'id', in: 'path' }, example: 'pt_cz_chamber' }),
});

export const PartnerPage = pageOf(Partner, 'PartnerPage', 'In id order.');
export const PartnerConsentPage = pageOf(PartnerConsent, 'PartnerConsentPage', 'In member id order, withdrawn consents included.');

export type Partner = z.infer<typeof Partner>;
export type PartnerConsent = z.infer<typeof PartnerConsent>;
export type PartnerPage = z.infer<typeof PartnerPage>;
export type PartnerConsentPage = z.infer<typeof PartnerConsentPage>;
export type PartnerListQueryParams = z.output<typeof PartnerListQuery>;
export type PartnerConsentQueryParams = z.output<typeof PartnerConsentQuery>;

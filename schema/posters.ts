// Query of the printable QR posters (GET /v1/branches/{id}/poster, /v1/stations/{id}/poster).
import { z } from '@hono/zod-openapi';

export const POSTER_URL_MAX = 500;

export const PosterQuery = z.object({
  checkInUrl: z.url({ protocol: /^https?$/, error: 'Must be an absolute http(s) URL.' }).max(POSTER_URL_MAX).optional()
    .openapi({
      param: { name: 'checkInUrl', in: 'query' },
      description: 'The page (of a portal) that embeds the check-in form; the QR code opens it with `b=<branch id>` '
        + 'or `s=<station id>` appended. Required with a secret key (any http(s) page); with a publishable key it must be '
        + 'on one of the key\'s allowed origins (400 otherwise), and without it the poster opens this server\'s own '
        + '`/check-in` page.',
      example: 'https://portal.example.cn/pizhou/check-in',
    }),
});
export type PosterQuery = z.infer<typeof PosterQuery>;

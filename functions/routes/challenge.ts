/**
 * GET /api/challenge: a proof-of-work challenge for filing a complaint or a
 * refund dispute (functions/abuse/pow.ts). The site's forms fetch one when
 * they open and solve it while the family types (site/src/scripts/pow.ts);
 * the solution goes with the submission, in the `X-Proof-Of-Work` header
 * (JSON) or the form's `pow` field, and is accepted once.
 *
 * Issuing costs one SHA-256 and one HMAC and touches no table, so it needs
 * no limit of its own; never cached (each challenge is for one form).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { PowChallenge, POW_HEADER } from '#shared/schemas/cases.ts';
import { issueChallenge, powSettings, type PowSettings } from '../abuse/pow.ts';
import { createRouter } from '../lib/openapi.ts';

const IssuedChallenge = PowChallenge.extend({
  expiresInSeconds: z.number().int().meta({ description: 'How long the challenge may be used from now; also signed in `parameters.data.exp`' }),
}).meta({ id: 'PowChallengeIssued' });

const route = createRoute({
  method: 'get',
  path: '/',
  summary: 'A proof-of-work challenge to solve before filing a complaint or a refund dispute',
  description: [
    'Self-hosted (ALTCHA format, altcha-lib v2, SHA-256); no third-party service. Find the counter, then send',
    `\`base64(JSON.stringify({ challenge: { parameters, signature }, solution: { counter, derivedKey } }))\` in the \`${POW_HEADER}\` header`,
    'with `POST /api/complaints` or `POST /api/refund-disputes` (the site\u2019s forms send it in the `pow` field).',
    'A solution is accepted for one form only (its Idempotency-Key) until it expires; JSON submissions without one get 400.',
  ].join(' '),
  responses: {
    200: { description: 'A signed challenge', content: { 'application/json': { schema: IssuedChallenge } } },
  },
});

export function challengeApi(options: { secret?: string; pow?: Partial<Omit<PowSettings, 'secret'>> } = {}) {
  const settings = powSettings(options);
  return createRouter().openapi(route, async (c) => {
    c.header('Cache-Control', 'no-store');
    return c.json(await issueChallenge(settings, c.var.now()), 200);
  });
}

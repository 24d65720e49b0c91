/**
 * Proof of work (GET /api/challenge): what a solved challenge looks like
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';

/** A challenge as GET /api/challenge gives it (altcha-lib v2 format, SHA-256), signed by the server. */
export const PowChallenge = z
  .object({
    parameters: z.object({
      algorithm: z.literal('SHA-256'),
      nonce: z.string().regex(/^[0-9a-f]{8,64}$/),
      salt: z.string().regex(/^[0-9a-f]{8,64}$/),
      cost: z.number().int().min(1).max(10),
      keyLength: z.number().int().min(16).max(64),
      keyPrefix: z.string().regex(/^[0-9a-f]{2,128}$/),
      keySignature: z.string().regex(/^[0-9a-f]{64}$/).optional(),
      data: z.object({ exp: z.number().int() }).optional(),
    }),
    signature: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .meta({
    id: 'PowChallenge',
    description:
      'Find the counter (uint32) whose key, SHA-256 of salt ‖ nonce ‖ counter (big-endian), repeated `cost` times and cut to `keyLength` bytes, starts with `keyPrefix`. Expires at `data.exp` (epoch seconds).',
  });
export type PowChallenge = z.infer<typeof PowChallenge>;

/** A solved challenge, as sent back (base64 of its JSON) in `POW_HEADER` or the form's `pow` field. */
export const PowSolution = z.object({
  challenge: PowChallenge,
  solution: z.object({ counter: z.number().int().min(0).max(0xffffffff), derivedKey: z.string().regex(/^[0-9a-f]{32,128}$/) }),
});
export type PowSolution = z.infer<typeof PowSolution>;

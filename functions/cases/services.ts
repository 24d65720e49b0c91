/**
 * What the case services need from outside, with the defaults configuration
 * gives (functions/config.ts, read once at cold start). Tests and the next
 * pieces of work (abuse controls) replace parts through
 * `createApp({ cases: { ... } })`.
 */
import { randomInt } from 'node:crypto';
import { jurisdiction as defaultJurisdiction, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { CASE_NUMBER_RANDOM_DIGITS } from '#shared/rules/case-number.ts';
import { authSettings } from '../auth/settings.ts';
import type { KeyProvider } from '../crypto/envelope.ts';
import { caseKeys, casesConfig } from './keys.ts';
import type { KmsApi } from '../crypto/kms-key-provider.ts';
import { allowAll, type AbuseCheck } from './abuse.ts';
import { newAccessCode } from './access-code.ts';
import type { Notifier } from '../notify/notifier.ts';

export interface RandomSource {
  /** The case number's random digits (8). */
  caseDigits(): string;
  /** A new access code (functions/cases/access-code.ts). */
  accessCode(): string;
}

export interface CaseServices {
  /** Wraps each case's data key: local master key, or KMS. */
  keys: KeyProvider;
  /** Server secret for HMACs (idempotency fingerprints, rate-limit keys): AUTH_SECRET. */
  secret: string;
  /** The secret before its last rotation (AWSPREVIOUS), for fingerprints stored before it. */
  previousSecret?: string | undefined;
  /** The abuse-control seam (functions/cases/abuse.ts). */
  abuse: AbuseCheck;
  random: RandomSource;
  idempotencyTtlSeconds: number;
  retentionDays: number;
  jurisdiction: Jurisdiction;
  /** Sends the one-time code of a recovery (functions/cases/recovery.ts); default: from configuration, on first use. */
  notifier?: Notifier;
}

export type CaseServiceOptions = Partial<CaseServices> & {
  /** The KMS client (`new KMS({ region })` from @aws-sdk/client-kms), when CASES_KMS_KEY_ID is set. */
  kms?: KmsApi;
};

export { casesConfig } from './keys.ts';

export const cryptoRandom: RandomSource = {
  caseDigits: () => String(randomInt(10 ** CASE_NUMBER_RANDOM_DIGITS)).padStart(CASE_NUMBER_RANDOM_DIGITS, '0'),
  accessCode: newAccessCode,
};

export function caseServices(options: CaseServiceOptions = {}): CaseServices {
  const overrides = options;
  const cfg = casesConfig();
  return {
    keys: caseKeys(options),
    // Read at each use: in AWS the secret is fetched at run time and may rotate.
    get secret() {
      return overrides.secret ?? authSettings.secret;
    },
    get previousSecret() {
      return overrides.secret ? overrides.previousSecret : authSettings.previousSecret;
    },
    abuse: overrides.abuse ?? allowAll,
    random: overrides.random ?? cryptoRandom,
    idempotencyTtlSeconds: overrides.idempotencyTtlSeconds ?? cfg.idempotencyTtlSeconds,
    retentionDays: overrides.retentionDays ?? cfg.retentionDays,
    jurisdiction: overrides.jurisdiction ?? defaultJurisdiction,
    ...(overrides.notifier ? { notifier: overrides.notifier } : {}),
  };
}

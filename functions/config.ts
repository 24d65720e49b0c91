import { z } from 'zod';
import { PARSE_ONCE } from '#shared/schemas/parse-once.ts';

/**
 * The only module that reads process.env: parsed once, at cold start.
 * In AWS the stack sets these; locally scripts/start.ts does.
 */
const TableEnv = z.object({
  TABLE_NAME: z.string().min(3),
  AWS_REGION: z.string().min(1).default('cn-north-1'),
  /** DynamoDB Local's address; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
});
const Env = TableEnv.extend({
  /** The site bucket: published pages, the search snapshot and open data. */
  SITE_BUCKET: z.string().min(3),
});
export type Env = z.infer<typeof Env>;

function parse<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env, PARSE_ONCE);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

/**
 * An override that lowers a cost production never lowers (the hashing cost, the proof of work) is for tests
 * only: in Lambda it stops the function.
 */
function refuseTestOnlyOverrideInLambda(e: { AWS_LAMBDA_FUNCTION_NAME?: string | undefined }, name: string, value: number, lowers: string): void {
  if (e.AWS_LAMBDA_FUNCTION_NAME) throw new Error(`Invalid environment: ${name}=${value} lowers ${lowers}, which is for tests only, never in Lambda`);
}

/** The retention purge: the table and the private attachments bucket (it deletes purged cases' files). */
export const readPurgeEnv = (env: NodeJS.ProcessEnv = process.env) =>
  parse(TableEnv.extend({ ATTACHMENTS_BUCKET: z.string().min(3, { error: 'the private attachments bucket is required by the purge' }) }), env);

/** The import worker: the table and the private store, where the uploaded files and the reports are. */
export const readImportWorkerEnv = (env: NodeJS.ProcessEnv = process.env) =>
  parse(TableEnv.extend({ ATTACHMENTS_BUCKET: z.string().min(3, { error: 'the private store (attachments bucket) is required by the import worker' }) }), env);

/** The table only (jobs that touch nothing else). */
export const readTableEnv = (env: NodeJS.ProcessEnv = process.env) => parse(TableEnv, env);

/** The table and the site bucket. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  return parse(Env, env);
}

/** The API in Lambda: also the private attachments bucket (locally the app uses a folder instead). */
export const readApiEnv = (env: NodeJS.ProcessEnv = process.env) =>
  parse(Env.extend({ ATTACHMENTS_BUCKET: z.string().min(3, { error: 'the private attachments bucket is required in Lambda' }) }), env);

/** The publisher: also the site's public origin, printed under QR codes and in the feeds. */
export const readPublisherEnv = (env: NodeJS.ProcessEnv = process.env) =>
  parse(
    Env.extend({
      PUBLIC_ORIGIN: z
        .url({ protocol: /^https?$/, error: "PUBLIC_ORIGIN must be the site's origin, e.g. https://shouhu.example.cn" })
        .transform((u) => new URL(u).origin),
    }),
    env,
  );

/** Where the client's address is read from (functions/auth/client-ip.ts). */
export type ClientIpSource =
  | { kind: 'connection' }
  /** A header the CDN sets, e.g. CloudFront's `cloudfront-viewer-address` ("ip:port"). */
  | { kind: 'header'; name: string }
  /** The n-th X-Forwarded-For entry counted from the right (1 = the last, appended by whoever called us). */
  | { kind: 'xff'; fromRight: number };

const ClientIpSourceSetting = z
  .string()
  .trim()
  .toLowerCase()
  .default('connection')
  .transform((value, ctx): ClientIpSource => {
    if (value === 'connection') return { kind: 'connection' };
    const header = /^header:([a-z0-9-]+)$/.exec(value);
    if (header) return { kind: 'header', name: header[1]! };
    const xff = /^xff:([1-9]\d?)$/.exec(value);
    if (xff) return { kind: 'xff', fromRight: Number(xff[1]) };
    ctx.addIssue({ code: 'custom', message: 'must be `connection`, `header:<name>` or `xff:<n>` (n ≥ 1, counted from the right)' });
    return z.NEVER;
  });

/**
 * Sign-in settings for staff (functions/auth). Every variable is optional
 * locally; in Lambda AUTH_SECRET_ARN (or AUTH_SECRET) is required, so a
 * deployment can never run on the development key.
 *
 * In AWS the stack passes AUTH_SECRET_ARN, and the secret itself is read at
 * run time (functions/auth/settings.ts), so it never sits in the function's
 * configuration. AUTH_SECRET is for local runs, tests and benchmarks.
 */
const AuthEnv = z.object({
  /** Key for HMACs of client addresses, user names, mobile numbers and proof-of-work challenges. Secret; 32+ characters. */
  AUTH_SECRET: z.string().min(32).optional(),
  /** Secrets Manager secret (ARN or name) whose SecretString is the auth secret (32+ characters); read at run time, cached, rotatable. */
  AUTH_SECRET_ARN: z.string().min(1).max(2048).optional(),
  /**
   * Origins the site is served from, comma-separated (e.g. `https://shouhu.example.gov.cn`).
   * State-changing staff requests from any other origin are refused. Unset: the API's own origin,
   * which is right locally and whenever the site and the API share a host.
   */
  SITE_ORIGINS: z
    .string()
    .transform((s) => s.split(',').map((o) => o.trim()).filter(Boolean))
    .pipe(z.array(z.url().transform((u) => new URL(u).origin)).min(1))
    .optional(),
  /**
   * Where the client's address comes from: `connection` (default: the
   * connection, or API Gateway's source IP), `header:<name>` (a header the CDN
   * sets, e.g. `header:cloudfront-viewer-address`), or `xff:<n>` (the n-th
   * X-Forwarded-For entry from the right). Anything but `connection` is only
   * safe when the API cannot be reached except through that CDN (the origin
   * lock, ORIGIN_SECRET_ARN).
   */
  CLIENT_IP_SOURCE: ClientIpSourceSetting,
  /** Set by Lambda itself: tells us we are deployed. */
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

/** Development only: a well-known key, used when AUTH_SECRET is unset outside Lambda. NEVER for a deployment. */
export const DEV_ONLY_AUTH_SECRET = 'DEV-ONLY-shouhu-local-auth-secret-do-not-deploy';

export interface AuthConfig {
  /** The secret from AUTH_SECRET (or the development key); undefined when it is read from AUTH_SECRET_ARN. */
  secret: string | undefined;
  /** Set: read the secret from this Secrets Manager secret at run time. */
  secretArn: string | undefined;
  /** True when running on DEV_ONLY_AUTH_SECRET. */
  devSecret: boolean;
  allowedOrigins: string[] | undefined;
  clientIpSource: ClientIpSource;
}

export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const { AUTH_SECRET, AUTH_SECRET_ARN, SITE_ORIGINS, CLIENT_IP_SOURCE, AWS_LAMBDA_FUNCTION_NAME } = parse(AuthEnv, env);
  if (!AUTH_SECRET && !AUTH_SECRET_ARN && AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('Invalid environment: AUTH_SECRET_ARN is required in Lambda (the development key is for local use only)');
  }
  const devSecret = !AUTH_SECRET && !AUTH_SECRET_ARN;
  return {
    secret: AUTH_SECRET_ARN ? undefined : (AUTH_SECRET ?? DEV_ONLY_AUTH_SECRET),
    secretArn: AUTH_SECRET_ARN,
    devSecret,
    allowedOrigins: SITE_ORIGINS,
    clientIpSource: CLIENT_IP_SOURCE,
  };
}

/**
 * The origin lock (functions/secrets/origin-lock.ts): in Lambda the API
 * refuses to start without ORIGIN_SECRET_ARN, the Secrets Manager secret
 * holding the header value CloudFront adds. Locally it is unset: no check.
 */
const OriginEnv = z.object({
  ORIGIN_SECRET_ARN: z.string().min(1).max(2048).optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export function readOriginConfig(env: NodeJS.ProcessEnv = process.env): { secretArn: string | undefined } {
  const e = parse(OriginEnv, env);
  if (!e.ORIGIN_SECRET_ARN && e.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('Invalid environment: ORIGIN_SECRET_ARN is required in Lambda (the API must only answer requests that came through CloudFront)');
  }
  return { secretArn: e.ORIGIN_SECRET_ARN };
}

/**
 * Complaints and refund disputes (functions/cases): how personal data is
 * encrypted and kept. Every variable is optional locally; in Lambda one of
 * CASES_KMS_KEY_ID or CASES_MASTER_KEY is required, so a deployment can never
 * encrypt with the development key.
 */
const CasesEnv = z.object({
  /** AWS KMS key (id, ARN or alias) that wraps each case's data key. Set in AWS. */
  CASES_KMS_KEY_ID: z.string().min(1).max(2048).optional(),
  /** Base64 of 32 random bytes: the local master key, when there is no KMS. Secret. */
  CASES_MASTER_KEY: z
    .string()
    .refine((s) => Buffer.from(s, 'base64').length === 32, { message: 'must be base64 of exactly 32 bytes (openssl rand -base64 32)' })
    .optional(),
  /** Names the local master key in each wrapped key, so it can be rotated. */
  CASES_MASTER_KEY_ID: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  /** Days after a case is closed before its personal data is deleted (unless on legal hold). */
  CASES_PII_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(365),
  /** How long a submission's idempotency record (with the encrypted receipt) is kept. */
  CASES_IDEMPOTENCY_TTL_HOURS: z.coerce.number().int().min(1).max(168).default(24),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

/** Development only: a well-known master key, used when neither key is configured outside Lambda. NEVER for a deployment. */
export const DEV_ONLY_CASES_MASTER_KEY = 'fNTjjAZC3UdgTchCnA9Z7sWDD8gzqzWlAQQrfuNisFc=';

export interface CasesConfig {
  /** Set: wrap data keys with this KMS key. */
  kmsKeyId: string | undefined;
  /** The local master key (32 bytes), used when kmsKeyId is unset. */
  masterKey: Buffer;
  masterKeyId: string;
  /** True when running on DEV_ONLY_CASES_MASTER_KEY. */
  devKey: boolean;
  retentionDays: number;
  idempotencyTtlSeconds: number;
}

export function readCasesConfig(env: NodeJS.ProcessEnv = process.env): CasesConfig {
  const e = parse(CasesEnv, env);
  if (!e.CASES_KMS_KEY_ID && !e.CASES_MASTER_KEY && e.AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('Invalid environment: CASES_KMS_KEY_ID (or CASES_MASTER_KEY) is required in Lambda (the development key is for local use only)');
  }
  return {
    kmsKeyId: e.CASES_KMS_KEY_ID,
    masterKey: Buffer.from(e.CASES_MASTER_KEY ?? DEV_ONLY_CASES_MASTER_KEY, 'base64'),
    masterKeyId: e.CASES_MASTER_KEY_ID ?? (e.CASES_MASTER_KEY ? 'configured' : 'dev-only'),
    devKey: !e.CASES_MASTER_KEY && !e.CASES_KMS_KEY_ID,
    retentionDays: e.CASES_PII_RETENTION_DAYS,
    idempotencyTtlSeconds: e.CASES_IDEMPOTENCY_TTL_HOURS * 3600,
  };
}

/**
 * Cost of the memory-hard hashes (staff passwords, case access codes), as
 * log2 of scrypt's N. Production always runs at the defaults below; the test
 * suite lowers both with SCRYPT_LN_OVERRIDE (vitest.config.ts) so that a test
 * does not spend 0.1–0.3 s of CPU per hash. In Lambda an override below the
 * defaults stops the function at cold start.
 */
export const PRODUCTION_SCRYPT_LN = { password: 16, accessCode: 15 } as const;

const HashingEnv = z.object({
  SCRYPT_LN_OVERRIDE: z.coerce.number().int().min(10).max(20).optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export interface HashingConfig {
  /** log2 N for staff passwords. */
  passwordLn: number;
  /** log2 N for case access codes. */
  accessCodeLn: number;
}

export function readHashingConfig(env: NodeJS.ProcessEnv = process.env): HashingConfig {
  const e = parse(HashingEnv, env);
  const override = e.SCRYPT_LN_OVERRIDE;
  if (override === undefined) return { passwordLn: PRODUCTION_SCRYPT_LN.password, accessCodeLn: PRODUCTION_SCRYPT_LN.accessCode };
  if (override < PRODUCTION_SCRYPT_LN.password) refuseTestOnlyOverrideInLambda(e, 'SCRYPT_LN_OVERRIDE', override, 'the hashing cost');
  return { passwordLn: override, accessCodeLn: override };
}

/**
 * Work of the forms' proof of work (functions/abuse/pow.ts `DEFAULT_POW`, a
 * counter of 5,000 to 50,000 SHA-256s). Production always runs at the default;
 * the test suite lowers the counter's range with POW_MAX_COUNTER_OVERRIDE
 * (vitest.config.ts), so that a browser test filing a form does not spend
 * 0.4–0.8 s of Chromium's CPU finding it. Only the challenges issued change:
 * checking a solution costs one HMAC either way. In Lambda an override stops
 * the function at its first challenge.
 */
const PowEnv = z.object({
  POW_MAX_COUNTER_OVERRIDE: z.coerce.number().int().min(1).max(50_000).optional(),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

/** The counter's range to use instead of the default, or undefined (production). */
export function readPowOverride(env: NodeJS.ProcessEnv = process.env): { minCounter: number; maxCounter: number } | undefined {
  const e = parse(PowEnv, env);
  const max = e.POW_MAX_COUNTER_OVERRIDE;
  if (max === undefined) return undefined;
  refuseTestOnlyOverrideInLambda(e, 'POW_MAX_COUNTER_OVERRIDE', max, 'the proof of work');
  return { minCounter: Math.max(1, Math.floor(max / 10)), maxCounter: max };
}

/** The Lambda function's name (set by Lambda itself): the `Function` dimension of the jobs' metrics; undefined outside Lambda. */
export const readFunctionName = (env: NodeJS.ProcessEnv = process.env): string | undefined =>
  parse(z.object({ AWS_LAMBDA_FUNCTION_NAME: z.string().min(1).optional() }), env).AWS_LAMBDA_FUNCTION_NAME;

/**
 * The security audit log (functions/data/audit.ts): how long entries are
 * kept before the table's TTL removes them. The Cybersecurity Law (art. 21)
 * asks for at least six months, so less than 180 days is refused.
 */
const AuditEnv = z.object({
  AUDIT_RETENTION_DAYS: z.coerce.number().int().min(180, { error: 'AUDIT_RETENTION_DAYS must be at least 180 (six months)' }).max(3650).default(400),
});

export interface AuditConfig {
  retentionDays: number;
}

export function readAuditConfig(env: NodeJS.ProcessEnv = process.env): AuditConfig {
  return { retentionDays: parse(AuditEnv, env).AUDIT_RETENTION_DAYS };
}

/**
 * Messages to families (functions/notify). Locally the outbox file; in
 * Lambda a real provider is required. Provider keys are never in the
 * environment: NOTIFY_CREDENTIALS_SECRET_ARN names a Secrets Manager secret
 * holding `{"id": "...", "secret": "..."}` (AccessKey / SecretId pair).
 */
const NotifyEnv = z.object({
  NOTIFIER: z.enum(['outbox', 'aliyun', 'tencent', 'sns']).optional(),
  /** The outbox adapter's file. */
  NOTIFY_OUTBOX_FILE: z.string().min(1).default('.data/outbox.jsonl'),
  /** The link in every message: the tracking page, e.g. https://shouhu.example.cn/track/ */
  NOTIFY_TRACK_LINK: z.url({ protocol: /^https?$/ }).optional(),
  /** 短信签名 (Alibaba Cloud, Tencent Cloud). */
  NOTIFY_SIGN_NAME: z.string().min(2).max(12).optional(),
  /** Template name → the provider's approved template id, as JSON: {"case_received":"SMS_123",…}. */
  NOTIFY_TEMPLATES: z
    .string()
    .transform((s, ctx) => {
      try {
        return z.record(z.string(), z.string().min(1)).parse(JSON.parse(s));
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be a JSON object of template name → provider template id' });
        return z.NEVER;
      }
    })
    .optional(),
  NOTIFY_CREDENTIALS_SECRET_ARN: z.string().startsWith('arn:').optional(),
  /** Overrides the provider's endpoint (tests; a VPC endpoint). */
  NOTIFY_ENDPOINT: z.url().optional(),
  TENCENT_SMS_SDK_APP_ID: z.string().min(1).optional(),
  TENCENT_SMS_REGION: z.string().min(1).default('ap-guangzhou'),
  SNS_SENDER_ID: z.string().min(1).max(11).optional(),
  AWS_REGION: z.string().min(1).default('cn-north-1'),
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

export type NotifyConfig =
  | { kind: 'outbox'; file: string; trackLink: string }
  | { kind: 'aliyun' | 'tencent'; trackLink: string; signName: string; templates: Record<string, string>; secretArn: string; endpoint?: string; sdkAppId?: string; region: string }
  | { kind: 'sns'; trackLink: string; region: string; senderId?: string };

export function readNotifyConfig(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const e = parse(NotifyEnv, env);
  const inLambda = Boolean(e.AWS_LAMBDA_FUNCTION_NAME);
  const kind = e.NOTIFIER ?? (inLambda ? undefined : 'outbox');
  if (!kind) throw new Error('Invalid environment: NOTIFIER (aliyun, tencent or sns) is required in Lambda');
  if (kind === 'outbox' && inLambda) throw new Error('Invalid environment: NOTIFIER=outbox is for local use only');
  if (inLambda && !e.NOTIFY_TRACK_LINK) throw new Error('Invalid environment: NOTIFY_TRACK_LINK is required in Lambda');
  const trackLink = e.NOTIFY_TRACK_LINK ?? 'http://localhost:4321/track/';
  if (kind === 'outbox') return { kind, file: e.NOTIFY_OUTBOX_FILE, trackLink };
  if (kind === 'sns') return { kind, trackLink, region: e.AWS_REGION, ...(e.SNS_SENDER_ID ? { senderId: e.SNS_SENDER_ID } : {}) };
  const missing = [
    !e.NOTIFY_SIGN_NAME && 'NOTIFY_SIGN_NAME',
    !e.NOTIFY_TEMPLATES && 'NOTIFY_TEMPLATES',
    !e.NOTIFY_CREDENTIALS_SECRET_ARN && 'NOTIFY_CREDENTIALS_SECRET_ARN',
    kind === 'tencent' && !e.TENCENT_SMS_SDK_APP_ID && 'TENCENT_SMS_SDK_APP_ID',
  ].filter(Boolean);
  if (missing.length) throw new Error(`Invalid environment: NOTIFIER=${kind} needs ${missing.join(', ')}`);
  return {
    kind,
    trackLink,
    signName: e.NOTIFY_SIGN_NAME!,
    templates: e.NOTIFY_TEMPLATES!,
    secretArn: e.NOTIFY_CREDENTIALS_SECRET_ARN!,
    ...(e.NOTIFY_ENDPOINT ? { endpoint: e.NOTIFY_ENDPOINT } : {}),
    ...(e.TENCENT_SMS_SDK_APP_ID ? { sdkAppId: e.TENCENT_SMS_SDK_APP_ID } : {}),
    region: kind === 'tencent' ? e.TENCENT_SMS_REGION : 'cn-hangzhou',
  };
}

import { z } from 'zod';

/**
 * The only module that reads process.env: parsed once, at cold start.
 * In AWS the stack sets these; locally scripts/start.ts does.
 */
const Env = z.object({
  TABLE_NAME: z.string().min(3),
  AWS_REGION: z.string().min(1).default('cn-north-1'),
  /** DynamoDB Local's address; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  /** The site bucket: published pages, the search snapshot and open data. */
  SITE_BUCKET: z.string().min(3),
});
export type Env = z.infer<typeof Env>;

export function readEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  return parsed.data;
}

/**
 * Sign-in settings for staff (functions/auth). Every variable is optional
 * locally; in Lambda AUTH_SECRET is required, so a deployment can never run
 * on the development key.
 *
 * In AWS, AUTH_SECRET is to come from Secrets Manager (a generated secret
 * passed to the function by the stack; not wired yet, see infra).
 */
const AuthEnv = z.object({
  /** Key for HMAC-SHA256 of client IPs and usernames in rate-limit keys and the audit log. Secret; 32+ characters. */
  AUTH_SECRET: z.string().min(32).optional(),
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
   * A request header that carries the client's address, set by the CDN in front of the API
   * (CloudFront: `cloudfront-viewer-address`). Unset: the connection's own address.
   * Only set it when the API cannot be reached except through that CDN.
   */
  CLIENT_IP_HEADER: z.string().toLowerCase().optional(),
  /** Set by Lambda itself: tells us we are deployed. */
  AWS_LAMBDA_FUNCTION_NAME: z.string().optional(),
});

/** Development only: a well-known key, used when AUTH_SECRET is unset outside Lambda. NEVER for a deployment. */
export const DEV_ONLY_AUTH_SECRET = 'DEV-ONLY-shouhu-local-auth-secret-do-not-deploy';

export interface AuthConfig {
  secret: string;
  /** True when running on DEV_ONLY_AUTH_SECRET. */
  devSecret: boolean;
  allowedOrigins: string[] | undefined;
  clientIpHeader: string | undefined;
}

export function readAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const parsed = AuthEnv.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid environment: ${problems}`);
  }
  const { AUTH_SECRET, SITE_ORIGINS, CLIENT_IP_HEADER, AWS_LAMBDA_FUNCTION_NAME } = parsed.data;
  if (!AUTH_SECRET && AWS_LAMBDA_FUNCTION_NAME) {
    throw new Error('Invalid environment: AUTH_SECRET is required in Lambda (the development key is for local use only)');
  }
  return {
    secret: AUTH_SECRET ?? DEV_ONLY_AUTH_SECRET,
    devSecret: !AUTH_SECRET,
    allowedOrigins: SITE_ORIGINS,
    clientIpHeader: CLIENT_IP_HEADER,
  };
}

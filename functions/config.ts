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

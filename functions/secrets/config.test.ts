/** What the API refuses to start without in Lambda, and what it needs nothing of locally. */
import { describe, expect, it } from 'vitest';
import { readAuthConfig, readOriginConfig } from '../config.ts';

const LAMBDA = { AWS_LAMBDA_FUNCTION_NAME: 'shouhu-prod-api' };
const ARN = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:x';

describe('secrets in the environment', () => {
  it('in Lambda the API refuses to start without ORIGIN_SECRET_ARN; locally there is no lock', () => {
    expect(() => readOriginConfig(LAMBDA)).toThrow(/ORIGIN_SECRET_ARN is required in Lambda/);
    expect(readOriginConfig({ ...LAMBDA, ORIGIN_SECRET_ARN: ARN })).toEqual({ secretArn: ARN });
    expect(readOriginConfig({})).toEqual({ secretArn: undefined });
  });

  it('in Lambda the auth secret comes from AUTH_SECRET_ARN (never the development key); its value is not in the environment', () => {
    expect(() => readAuthConfig(LAMBDA)).toThrow(/AUTH_SECRET_ARN is required in Lambda/);
    expect(readAuthConfig({ ...LAMBDA, AUTH_SECRET_ARN: ARN })).toMatchObject({ secret: undefined, secretArn: ARN, devSecret: false });
    expect(readAuthConfig({})).toMatchObject({ secretArn: undefined, devSecret: true });
  });
});

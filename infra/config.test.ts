import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

const context = (values: Record<string, string>) => (key: string) => values[key];
const emptyRepo = () => mkdtempSync(join(tmpdir(), 'shouhu-repo-'));

describe('readConfig', () => {
  it('works with no context at all: dev, in Beijing, no domain', () => {
    const config = readConfig(context({}), { repoRoot: emptyRepo() });
    expect(config).toMatchObject({ stackName: 'Shouhu-dev', stage: 'dev', region: 'cn-north-1', domain: undefined, casesRetentionDays: 365 });
    expect(config.capabilities).toMatchObject({ partition: 'aws-cn', siteOriginAccess: 'oai', cloudFrontPolicies: false });
    expect(config.notes.join('\n')).toMatch(/ICP/);
  });

  it('reads a global region with its own capabilities', () => {
    const config = readConfig(context({ stage: 'staging', region: 'ap-east-1' }), { repoRoot: emptyRepo() });
    expect(config.stackName).toBe('Shouhu-staging');
    expect(config.capabilities).toEqual({
      partition: 'aws',
      siteOriginAccess: 'oac',
      cloudFrontPolicies: true,
      cloudFrontFunctions: true,
      cloudFrontIpv6: true,
      lambdaArchitecture: 'arm64',
      clientIpSource: 'xff:2',
      wafManagedRuleGroups: expect.arrayContaining([expect.objectContaining({ name: 'AWSManagedRulesCommonRuleSet' })]),
    });
  });

  it('lets a tested capability be switched on or off', () => {
    const config = readConfig(context({ cloudFrontPolicies: 'true', lambdaArchitecture: 'x86_64' }), { repoRoot: emptyRepo() });
    expect(config.capabilities).toMatchObject({ partition: 'aws-cn', cloudFrontPolicies: true, lambdaArchitecture: 'x86_64' });
  });

  it('uploads site/dist only when it has been built', () => {
    const repo = emptyRepo();
    expect(readConfig(context({}), { repoRoot: repo }).siteAssetsDir).toBeUndefined();
    mkdirSync(join(repo, 'site', 'dist'), { recursive: true });
    writeFileSync(join(repo, 'site', 'dist', 'index.html'), '<!doctype html>');
    expect(readConfig(context({}), { repoRoot: repo }).siteAssetsDir).toBe(join(repo, 'site', 'dist'));
    expect(readConfig(context({ deploySite: 'false' }), { repoRoot: repo }).siteAssetsDir).toBeUndefined();
  });

  it('refuses what cannot be deployed, saying what to pass instead', () => {
    const repoRoot = emptyRepo();
    const cases: [Record<string, string>, RegExp][] = [
      [{ stage: 'Prod!' }, /lower-case/],
      [{ region: 'beijing' }, /-c region=cn-north-1/],
      [{ domainNames: 'shouhu.example.cn' }, /iamCertificateId/],
      [{ region: 'ap-east-1', domainNames: 'shouhu.example.com' }, /acmCertificateArn/],
      [{ iamCertificateId: 'ASCA1' }, /domainNames/],
      [{ cloudFrontPolicies: 'yes' }, /true or false/],
      [{ lambdaArchitecture: 'arm' }, /arm64 or x86_64/],
      [{ casesRetentionDays: '0' }, /1 to 3650/],
      [{ casesRetentionDays: '30 days' }, /1 to 3650/],
      [{ wafRateLimit: '5' }, /wafRateLimit must be a whole number from 10/],
      [{ apiRateLimit: 'fast' }, /apiRateLimit/],
      [{ originSecretVersionId: 'v2' }, /VersionId/],
    ];
    for (const [values, message] of cases) {
      expect(() => readConfig(context(values), { repoRoot })).toThrow(ConfigError);
      expect(() => readConfig(context(values), { repoRoot })).toThrow(message);
    }
  });

  it('refuses a China stage but dev without the ICP-filed domain and its IAM certificate, saying what to provide', () => {
    const repoRoot = emptyRepo();
    for (const values of [{ stage: 'prod' }, { stage: 'staging', region: 'cn-northwest-1' }] as Record<string, string>[]) {
      let message = '';
      try {
        readConfig(context(values), { repoRoot });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/-c domainNames=/);
      expect(message).toMatch(/-c iamCertificateId=/);
      expect(message).toMatch(/\/cloudfront\//);
      expect(message).toMatch(/ICP/);
      expect(message).toMatch(/docs\/deploy\.md/);
    }
    // A certificate alone is not enough either.
    expect(() => readConfig(context({ stage: 'prod', domainNames: 'shouhu.example.gov.cn' }), { repoRoot })).toThrow(/iamCertificateId/);
    // With both it synthesises; dev may go without (it warns), and so may a global stage (CloudFront's own name works there).
    expect(readConfig(context({ stage: 'prod', domainNames: 'shouhu.example.gov.cn', iamCertificateId: 'ASCA1' }), { repoRoot }).domain).toBeDefined();
    expect(readConfig(context({ stage: 'dev' }), { repoRoot }).notes.join('\n')).toMatch(/ICP/);
    expect(readConfig(context({ stage: 'prod', region: 'ap-east-1' }), { repoRoot }).domain).toBeUndefined();
  });

  it('takes the API throttle and the web ACL\'s per-viewer limit, with defaults', () => {
    const repoRoot = emptyRepo();
    expect(readConfig(context({}), { repoRoot })).toMatchObject({ apiThrottle: { rateLimit: 1000, burstLimit: 2000 }, wafRateLimit: 2000 });
    expect(readConfig(context({ apiRateLimit: '200', apiBurstLimit: '400', wafRateLimit: '500' }), { repoRoot })).toMatchObject({
      apiThrottle: { rateLimit: 200, burstLimit: 400 },
      wafRateLimit: 500,
    });
  });

  it('takes the retention of personal data in days', () => {
    expect(readConfig(context({ casesRetentionDays: '730' }), { repoRoot: emptyRepo() }).casesRetentionDays).toBe(730);
  });

  it('takes a China domain with its IAM certificate', () => {
    const config = readConfig(context({ domainNames: 'shouhu.example.cn, www.shouhu.example.cn', iamCertificateId: 'ASCA1' }), {
      repoRoot: emptyRepo(),
    });
    expect(config.domain).toEqual({ names: ['shouhu.example.cn', 'www.shouhu.example.cn'], iamCertificateId: 'ASCA1' });
  });
});

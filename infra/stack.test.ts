/**
 * The stack, synthesised as `cdk synth` would (cdk.json's feature flags, cdk-nag's
 * AWS Solutions checks), asserting the properties that matter rather than a
 * snapshot. Each configuration is synthesised once per file: the global one
 * bundles the API for real with esbuild; the others deploy inline code.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tableDefinition } from '#functions/data/table.ts';
import { HSTS_MAX_AGE_SECONDS, SITE_CSP, SITE_PERMISSIONS_POLICY } from '#shared/http/security-headers.ts';
import { CSRF_HEADER } from '#functions/auth/csrf.ts';
import { API_FORWARDED_HEADERS, PUBLIC_API_PATHS } from './constructs/site.ts';
import type { SiteDomain } from './constructs/site.ts';
import { regionCapabilities } from './region.ts';
import { ShouhuStack } from './stack.ts';

const root = join(import.meta.dirname, '..');
const cdkContext = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

/** CloudFront's managed policies, by their published IDs. */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

interface Violation {
  rule: string;
  severity: string;
  paths: string[];
}

interface Synthesised {
  app: App;
  stack: ShouhuStack;
  outdir: string;
  template: Template;
  json: string;
  violations: Violation[];
}

function synth(options: {
  region: string;
  account?: string;
  code?: lambda.Code;
  siteAssetsDir?: string;
  domain?: SiteDomain;
}): Synthesised {
  const outdir = mkdtempSync(join(tmpdir(), 'shouhu-cdk-'));
  const app = new App({ outdir, context: cdkContext });
  const stack = new ShouhuStack(app, 'Shouhu-test', {
    env: { region: options.region, ...(options.account ? { account: options.account } : {}) },
    stage: 'test',
    capabilities: regionCapabilities(options.region),
    ...(options.code ? { functionCode: options.code } : {}),
    ...(options.siteAssetsDir ? { siteAssetsDir: options.siteAssetsDir } : {}),
    ...(options.domain ? { domain: options.domain } : {}),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    app.synth();
  } catch (error) {
    // cdk-nag's findings fail synthesis; they are read from the report below.
    if (!(error instanceof Error) || !/ValidationFailed|Validation failed/.test(`${error.name} ${error.message}`)) throw error;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as {
        pluginReports: { violations: { ruleName: string; severity: string; violatingConstructs: { constructPath: string }[] }[] }[];
      })
    : { pluginReports: [] };
  // cdk-nag's findings only; the report also lists CDK's own warning annotations.
  const violations = report.pluginReports
    .flatMap((p) => p.violations.map((v) => ({ rule: v.ruleName, severity: v.severity, paths: v.violatingConstructs.map((c) => c.constructPath) })))
    .filter((v) => v.rule.startsWith('AwsSolutions-'));
  const json = readFileSync(join(outdir, stack.templateFile), 'utf8');
  return { app, stack, outdir, template: Template.fromJSON(JSON.parse(json)), json, violations };
}

const inlineCode = () => lambda.Code.fromInline('export const handler = async () => ({ statusCode: 200 });');

type Resource = { Type: string; Properties: Record<string, unknown> };
const resourcesOf = (t: Template, type: string) => Object.values(t.findResources(type)) as Resource[];
const distributionConfig = (t: Template) =>
  (resourcesOf(t, 'AWS::CloudFront::Distribution')[0]!.Properties as { DistributionConfig: Record<string, unknown> }).DistributionConfig as {
    CacheBehaviors: Record<string, unknown>[];
    DefaultCacheBehavior: Record<string, unknown>;
    Origins: { Id: string; DomainName: unknown; S3OriginConfig?: unknown; OriginAccessControlId?: unknown }[];
    [key: string]: unknown;
  };
/** The origin whose domain is built from the HTTP API's id. */
const apiOriginId = (t: Template) =>
  distributionConfig(t).Origins.find((o) => JSON.stringify(o.DomainName).includes('execute-api'))!.Id;

describe('the stack in a global region (ap-northeast-1), bundled for real', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synth({ region: 'ap-northeast-1' });
  });

  it('passes cdk-nag AWS Solutions checks with nothing unacknowledged', () => {
    expect(s.violations).toEqual([]);
  });

  it('builds the table from tableDefinition: keys, indexes and TTL', () => {
    const string = (AttributeName: string) => ({ AttributeName, AttributeType: 'S' });
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: tableDefinition.partitionKey, KeyType: 'HASH' },
        { AttributeName: tableDefinition.sortKey, KeyType: 'RANGE' },
      ],
      AttributeDefinitions: Match.arrayWith([string(tableDefinition.partitionKey), string(tableDefinition.sortKey)]),
      GlobalSecondaryIndexes: tableDefinition.globalSecondaryIndexes.map((index) => ({
        IndexName: index.indexName,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
      TimeToLiveSpecification: { AttributeName: tableDefinition.timeToLiveAttribute, Enabled: true },
    });
  });

  it('keeps the table safe: on-demand, PITR, deletion protection, encryption, retained', () => {
    s.template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        SSESpecification: { SSEEnabled: true },
      }),
    });
  });

  it('runs the API on Node.js 22, arm64, with its table, bucket and secret in the environment', () => {
    const fn = Object.entries(s.template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith('ApiHandler'));
    expect(fn).toBeDefined();
    const props = (fn![1] as Resource).Properties as {
      Runtime: string;
      Architectures: string[];
      Handler: string;
      Environment: { Variables: Record<string, unknown> };
    };
    expect(props.Runtime).toBe('nodejs22.x');
    expect(props.Architectures).toEqual(['arm64']);
    expect(props.Handler).toBe('index.handler');
    const table = Object.keys(s.template.findResources('AWS::DynamoDB::Table'))[0]!;
    const bucket = Object.keys(s.template.findResources('AWS::S3::Bucket')).find((id) => id.startsWith('SiteBucket'))!;
    expect(props.Environment.Variables.TABLE_NAME).toEqual({ Ref: table });
    expect(props.Environment.Variables.SITE_BUCKET).toEqual({ Ref: bucket });
    expect(JSON.stringify(props.Environment.Variables.AUTH_SECRET)).toContain('resolve:secretsmanager');
  });

  it('bundles the handler as minified ESM with a source map, leaving the AWS SDK to the runtime', () => {
    const assetDirs = readdirSync(s.outdir).filter((d) => d.startsWith('asset.') && existsSync(join(s.outdir, d, 'index.mjs')));
    expect(assetDirs).toHaveLength(1);
    const dir = join(s.outdir, assetDirs[0]!);
    expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
    expect(code).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
    // The DynamoDB client's own code (its protocol target) is not in the bundle.
    expect(code).not.toContain('DynamoDB_20120810');
    // Minified: long lines (template literals keep their own line breaks, so no exact count).
    expect(code.length / code.split('\n').length).toBeGreaterThan(200);
  });

  it('grants the function DynamoDB on its table and indexes, reads of the site bucket, logs to its own group: nothing on "*"', () => {
    const policies = [
      ...resourcesOf(s.template, 'AWS::IAM::Policy').map((p) => p.Properties.PolicyDocument),
      ...resourcesOf(s.template, 'AWS::IAM::Role').flatMap((r) => ((r.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument)),
    ] as { Statement: { Action: string | string[]; Resource: unknown }[] }[];
    const statements = policies.flatMap((p) => p.Statement);
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions.every((a) => /^(dynamodb|s3|logs):/.test(a))).toBe(true);
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    for (const st of statements) expect([st.Resource].flat()).not.toContain('*');

    const table = Object.keys(s.template.findResources('AWS::DynamoDB::Table'))[0]!;
    const tableArn = { 'Fn::GetAtt': [table, 'Arn'] };
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
    const dynamo = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    for (const st of dynamo) {
      for (const resource of [st.Resource].flat()) {
        expect([tableArn, ...tableDefinition.globalSecondaryIndexes.map((i) => indexArn(i.indexName))]).toContainEqual(resource);
      }
    }
    expect(dynamo.flatMap((st) => [st.Action].flat())).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem']));
  });

  it('keeps both buckets private, TLS-only, and logs the site bucket', () => {
    const buckets = resourcesOf(s.template, 'AWS::S3::Bucket');
    expect(buckets).toHaveLength(2);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = resourcesOf(s.template, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(2);
    for (const policy of policies) {
      const statements = (policy.Properties.PolicyDocument as { Statement: { Effect: string; Principal: unknown; Condition?: unknown }[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      // Whoever is allowed in is named: CloudFront or S3's log delivery, never everyone.
      for (const st of statements.filter((x) => x.Effect === 'Allow')) {
        expect(JSON.stringify(st.Principal)).not.toMatch(/^"\*"$|"AWS":"\*"/);
      }
    }
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^SiteLogBucket') } },
    });
  });

  it('serves the site through CloudFront with origin access control, index.html at /, and the 404 page', () => {
    const config = distributionConfig(s.template);
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.CustomErrorResponses).toEqual([
      { ErrorCode: 404, ResponseCode: 404, ResponsePagePath: '/404.html', ErrorCachingMinTTL: 60 },
    ]);
    expect(config.Origins.some((o) => o.OriginAccessControlId !== undefined)).toBe(true);
    expect(config.Logging).toBeDefined();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  it('sends /api/* to the HTTP API uncached, with every viewer header but Host', () => {
    const behaviors = distributionConfig(s.template).CacheBehaviors;
    const api = behaviors.find((b) => b.PathPattern === '/api/*')!;
    expect(api).toMatchObject({
      TargetOriginId: apiOriginId(s.template),
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
      ViewerProtocolPolicy: 'https-only',
    });
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['POST', 'PUT', 'DELETE']));
  });

  it('caches the public search answers only as the API says, matched before /api/*', () => {
    const behaviors = distributionConfig(s.template).CacheBehaviors;
    const order = behaviors.map((b) => b.PathPattern);
    for (const path of PUBLIC_API_PATHS) {
      expect(order.indexOf(path)).toBeLessThan(order.indexOf('/api/*'));
      const behavior = behaviors.find((b) => b.PathPattern === path)!;
      expect(behavior.TargetOriginId).toBe(apiOriginId(s.template));
      expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD', 'OPTIONS']);
    }
    s.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        MinTTL: 0,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'all' },
          CookiesConfig: { CookieBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
        }),
      }),
    });
  });

  it('puts the shared security headers on pages', () => {
    s.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
      ResponseHeadersPolicyConfig: Match.objectLike({
        SecurityHeadersConfig: {
          ContentSecurityPolicy: { ContentSecurityPolicy: SITE_CSP, Override: true },
          StrictTransportSecurity: { AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Override: true },
          ContentTypeOptions: { Override: true },
          FrameOptions: { FrameOption: 'DENY', Override: true },
          ReferrerPolicy: { ReferrerPolicy: 'strict-origin-when-cross-origin', Override: true },
        },
        CustomHeadersConfig: { Items: [{ Header: 'Permissions-Policy', Value: SITE_PERMISSIONS_POLICY, Override: true }] },
      }),
    });
    const policy = Object.keys(s.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0]!;
    expect(distributionConfig(s.template).DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: policy });
  });

  it('logs and throttles the API stage', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() },
    });
  });

  it('names no ARN of the China partition', () => {
    expect(s.json).not.toContain('arn:aws-cn:');
  });
});

describe('the stack in China (cn-north-1)', () => {
  let s: Synthesised;
  beforeAll(() => {
    const site = mkdtempSync(join(tmpdir(), 'shouhu-site-'));
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>守护</title>');
    // An account as the CLI gives one, so ARNs are literal where CDK can make them so.
    s = synth({ region: 'cn-north-1', account: '123456789012', code: inlineCode(), siteAssetsDir: site });
  });

  it('passes cdk-nag AWS Solutions checks with nothing unacknowledged', () => {
    expect(s.violations).toEqual([]);
  });

  it('is partition-aware: no ARN of the global partition', () => {
    expect(s.json).not.toContain('arn:aws:');
    expect(s.json).toContain('arn:aws-cn:');
  });

  it('reads the bucket through an origin access identity (China has no origin access control)', () => {
    s.template.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 1);
    s.template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 0);
  });

  it('uses no cache, origin-request or response-headers policies, which CloudFront in China rejects', () => {
    const config = distributionConfig(s.template);
    expect(JSON.stringify(config)).not.toMatch(/CachePolicyId|OriginRequestPolicyId|ResponseHeadersPolicyId/);
    s.template.resourceCountIs('AWS::CloudFront::CachePolicy', 0);
    s.template.resourceCountIs('AWS::CloudFront::ResponseHeadersPolicy', 0);
    s.template.resourceCountIs('AWS::CloudFront::Function', 0);
    const api = config.CacheBehaviors.find((b) => b.PathPattern === '/api/*')!;
    expect(api).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 0, ForwardedValues: { QueryString: true, Cookies: { Forward: 'all' } } });
    const forwarded = (api.ForwardedValues as { Headers: string[] }).Headers.map((h) => h.toLowerCase());
    expect(forwarded).not.toContain('host');
    // What the staff API's CSRF check reads must reach it.
    expect(forwarded).toEqual(expect.arrayContaining([CSRF_HEADER.toLowerCase(), 'origin', 'sec-fetch-site']));
    expect(API_FORWARDED_HEADERS.map((h) => h.toLowerCase())).toEqual(forwarded);
    expect(config.DefaultCacheBehavior).toHaveProperty('ForwardedValues');
    expect(config.IPV6Enabled).toBe(false);
    expect(config.PriceClass).toBe('PriceClass_All');
  });

  it('says at synth time what CloudFront cannot do there', () => {
    const warnings = Annotations.fromStack(s.stack).findWarning('*', Match.anyValue()).map((w) => String(w.entry.data));
    expect(warnings.some((w) => w.includes('security headers'))).toBe(true);
    expect(warnings.some((w) => w.includes('CloudFront Function'))).toBe(true);
  });

  it('uploads the built site without deleting published pages', () => {
    s.template.hasResourceProperties('Custom::CDKBucketDeployment', { Prune: false });
  });
});

describe('the stack with a domain', () => {
  it('in China, serves the names with the IAM certificate and tells the API its origins', () => {
    const s = synth({
      region: 'cn-northwest-1',
      code: inlineCode(),
      domain: { names: ['shouhu.example.cn'], iamCertificateId: 'ASCAEXAMPLE123' },
    });
    expect(s.violations).toEqual([]);
    const config = distributionConfig(s.template);
    expect(config.Aliases).toEqual(['shouhu.example.cn']);
    expect(config.ViewerCertificate).toEqual({
      IamCertificateId: 'ASCAEXAMPLE123',
      SslSupportMethod: 'sni-only',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
    s.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ SITE_ORIGINS: 'https://shouhu.example.cn' }) },
    });
  });

  it('in a global region, uses the ACM certificate with TLS 1.2 at least (no default-certificate exemption needed)', () => {
    const s = synth({
      region: 'ap-northeast-1',
      code: inlineCode(),
      domain: { names: ['shouhu.example.com'], acmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' },
    });
    expect(s.violations).toEqual([]);
    const config = distributionConfig(s.template);
    expect(config.Aliases).toEqual(['shouhu.example.com']);
    expect(config.ViewerCertificate).toMatchObject({
      AcmCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc',
      MinimumProtocolVersion: 'TLSv1.2_2021',
    });
  });
});

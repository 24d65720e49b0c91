/**
 * What a first deploy and a safe service need in each partition, synthesised
 * with inline function code (no bundling) for a global region and for China:
 * event source mappings without tags in China, no reserved concurrency, a web
 * ACL on the API stage, the origin lock, the table's own key, no secret in any
 * function's environment, and cdk-nag with nothing unacknowledged.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { API_STAGE_NAME, ORIGIN_HEADER, WAF_COUNT_ONLY_RULES } from './constructs/api.ts';
import { regionCapabilities, type RegionCapabilities } from './region.ts';
import { API_PATH, patternToRegExp } from './routes.ts';
import { ShouhuStack } from './stack.ts';

const root = join(import.meta.dirname, '..');
const cdkContext = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[] };
interface Synthesised {
  template: Template;
  resources: Record<string, Resource>;
  json: string;
  caps: RegionCapabilities;
  violations: string[];
}

/** A built site as Astro lays it out: pages as `x/index.html`, shells, hashed assets. */
const BUILT_PAGES = ['index.html', 'notices/index.html', 'fees/index.html', 'admin/index.html', 'admin/cases/index.html', 'track/index.html'];
function builtSite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'shouhu-site-'));
  for (const file of [...BUILT_PAGES, 'institutions/shell/index.html', '_astro/app.1a2b.css', '404.html']) {
    mkdirSync(join(dir, file, '..'), { recursive: true });
    writeFileSync(join(dir, file), `<!doctype html><title>${file}</title>`);
  }
  return dir;
}

function synth(region: string, extra: { wafRateLimit?: number; originSecretVersionId?: string } = {}): Synthesised {
  const outdir = mkdtempSync(join(tmpdir(), 'shouhu-partition-'));
  // CDK's built-in CloudFormation validation costs a process about 5 CPU-s to load: infra/stack.test.ts runs it.
  const app = new App({ outdir, context: cdkContext, builtinCloudFormationValidation: false });
  const caps = regionCapabilities(region);
  const china = caps.partition === 'aws-cn';
  const stack = new ShouhuStack(app, 'Shouhu-prod', {
    env: { region, account: '123456789012' },
    stage: 'prod',
    capabilities: caps,
    // What readConfig demands of a China stage but dev (infra/config.ts).
    ...(china ? { domain: { names: ['shouhu.example.gov.cn'], iamCertificateId: 'ASCAEXAMPLE123' } } : {}),
    functionCode: lambda.Code.fromInline('export const handler = async () => ({ statusCode: 200 });'),
    siteAssetsDir: builtSite(),
    ...extra,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    app.synth();
  } catch (error) {
    if (!(error instanceof Error) || !/ValidationFailed|Validation failed/.test(`${error.name} ${error.message}`)) throw error;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as { pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[] })
    : { pluginReports: [] };
  const violations = report.pluginReports
    .flatMap((p) => p.violations)
    .filter((v) => v.ruleName.startsWith('AwsSolutions-'))
    .map((v) => `${v.ruleName} ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`);
  const json = readFileSync(join(outdir, stack.templateFile), 'utf8');
  const template = Template.fromJSON(JSON.parse(json));
  return { template, resources: (template.toJSON() as { Resources: Record<string, Resource> }).Resources, json, caps, violations };
}

const ofType = (s: Synthesised, type: string) => Object.entries(s.resources).filter(([, r]) => r.Type === type);
const idStarting = (s: Synthesised, type: string, prefix: string) => {
  const ids = ofType(s, type).map(([id]) => id).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0]!;
};
const env = (s: Synthesised, prefix: string) =>
  (s.resources[idStarting(s, 'AWS::Lambda::Function', prefix)]!.Properties.Environment as { Variables: Record<string, unknown> }).Variables;

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}
/** Every statement a function's role carries, inline and attached. */
function roleStatements(s: Synthesised, functionPrefix: string): Statement[] {
  const roleId = (s.resources[idStarting(s, 'AWS::Lambda::Function', functionPrefix)]!.Properties.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const inline = ((s.resources[roleId]!.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
  const attached = ofType(s, 'AWS::IAM::Policy')
    .filter(([, p]) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  return [...inline, ...attached];
}
const withAction = (statements: Statement[], action: string) => statements.filter((st) => [st.Action].flat().includes(action));

const API_FUNCTIONS = ['ApiHandler', 'ApiImportHandler'];

for (const [label, region] of [
  ['a global region (ap-northeast-1)', 'ap-northeast-1'],
  ['China (cn-north-1)', 'cn-north-1'],
] as const) {
  describe(`production in ${label}`, () => {
    let s: Synthesised;
    beforeAll(() => {
      s = synth(region, { wafRateLimit: 1234 });
    });

    it('passes cdk-nag AWS Solutions checks with nothing unacknowledged', () => {
      expect(s.violations).toEqual([]);
    });

    it(
      region.startsWith('cn-')
        ? 'stores each built page under its directory key too, for CloudFront without Functions'
        : 'leaves directory addresses to the CloudFront Function',
      () => {
        const copies = ofType(s, 'Custom::AWS').map(([, r]) => JSON.parse(JSON.stringify(r.Properties.Create)) as unknown);
        const text = JSON.stringify(copies);
        if (s.caps.cloudFrontFunctions) {
          expect(copies).toEqual([]);
          expect(ofType(s, 'AWS::CloudFront::Function')).toHaveLength(1);
          return;
        }
        expect(ofType(s, 'AWS::CloudFront::Function')).toEqual([]);
        // Every page the site links to below the root, as `/x/`: the copy of `x/index.html` at the key `x/`.
        const expected = BUILT_PAGES.filter((p) => p !== 'index.html').map((p) => p.replace(/index\.html$/, ''));
        for (const key of expected) {
          expect(text).toContain(`\\"Key\\":\\"${key}\\"`);
          expect(text).toContain(`${key}index.html`);
        }
        expect(copies).toHaveLength(expected.length);
        // Not the shells, not the root (defaultRootObject serves `/`).
        expect(text).not.toContain('shell');
        const copy = ofType(s, 'Custom::AWS')[0]![1] as Resource;
        expect(copy.DependsOn?.some((id) => id.startsWith('SiteShell'))).toBe(true);
      },
    );

    it('reserves no concurrency for any function (new accounts cannot spare any)', () => {
      const functions = ofType(s, 'AWS::Lambda::Function');
      expect(functions.length).toBeGreaterThanOrEqual(4);
      for (const [id, fn] of functions) expect(fn.Properties, id).not.toHaveProperty('ReservedConcurrentExecutions');
    });

    it(region.startsWith('cn-') ? 'puts no tags on the event source mappings (China has none for them)' : 'tags the event source mappings as everything else', () => {
      // The publisher's and the import worker's.
      const mappings = ofType(s, 'AWS::Lambda::EventSourceMapping');
      expect(mappings).toHaveLength(2);
      for (const [, mapping] of mappings) {
        if (s.caps.partition === 'aws-cn') expect(mapping.Properties).not.toHaveProperty('Tags');
        else expect(mapping.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'project', Value: 'shouhu' }]));
      }
      // Every other resource keeps its tags.
      const fn = s.resources[idStarting(s, 'AWS::Lambda::Function', 'PublisherHandler')]!;
      expect(fn.Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'project', Value: 'shouhu' }]));
    });

    it('serves the API as a regional REST API with a throttled, access-logged stage, no HTTP API', () => {
      expect(ofType(s, 'AWS::ApiGatewayV2::Api')).toEqual([]);
      s.template.hasResourceProperties('AWS::ApiGateway::RestApi', { EndpointConfiguration: { Types: ['REGIONAL'] }, BinaryMediaTypes: ['*/*'] });
      const stage = s.resources[idStarting(s, 'AWS::ApiGateway::Stage', 'ApiRestApiDeploymentStage')]!.Properties as {
        StageName: string;
        AccessLogSetting: { DestinationArn: unknown; Format: string };
        MethodSettings: { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }[];
      };
      expect(stage.StageName).toBe(API_STAGE_NAME);
      expect(JSON.stringify(stage.AccessLogSetting.DestinationArn)).toContain(idStarting(s, 'AWS::Logs::LogGroup', 'ApiAccessLogs'));
      expect(JSON.parse(stage.AccessLogSetting.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
      expect(stage.AccessLogSetting.Format).not.toContain('sourceIp');
      expect(stage.MethodSettings[0]).toMatchObject({ ThrottlingRateLimit: 1000, ThrottlingBurstLimit: 2000 });
      // The import's POST goes to its own function; everything else to the app.
      const methods = ofType(s, 'AWS::ApiGateway::Method').map(([, m]) => m.Properties as { HttpMethod: string; Integration: { Uri: unknown; Type: string } });
      const importFn = idStarting(s, 'AWS::Lambda::Function', 'ApiImportHandler');
      const toImport = methods.filter((m) => JSON.stringify(m.Integration.Uri).includes(importFn));
      expect(toImport.map((m) => m.HttpMethod)).toEqual(['POST']);
      expect(methods.every((m) => m.Integration.Type === 'AWS_PROXY')).toBe(true);
    });

    it('associates a regional web ACL with the API stage: a per-viewer rate limit and the partition\'s managed rules', () => {
      const [aclId, acl] = ofType(s, 'AWS::WAFv2::WebACL')[0]!;
      const props = acl.Properties as {
        Scope: string;
        DefaultAction: unknown;
        Rules: { Name: string; Priority: number; Action?: unknown; Statement: Record<string, Record<string, unknown>> }[];
      };
      expect(props.Scope).toBe('REGIONAL');
      expect(props.DefaultAction).toEqual({ Allow: {} });
      const rate = props.Rules.find((r) => r.Statement.RateBasedStatement)!;
      expect(rate.Action).toEqual({ Block: {} });
      expect(rate.Statement.RateBasedStatement).toMatchObject({
        Limit: 1234,
        AggregateKeyType: 'FORWARDED_IP',
        ForwardedIPConfig: { HeaderName: 'X-Forwarded-For', FallbackBehavior: 'MATCH' },
      });
      const groups = props.Rules.map((r) => r.Statement.ManagedRuleGroupStatement).filter(Boolean) as { VendorName: string; Name: string; RuleActionOverrides?: unknown }[];
      expect(groups.map((g) => g.Name)).toEqual(s.caps.wafManagedRuleGroups.map((g) => g.name));
      expect(groups.map((g) => g.Name)).toContain('AWSManagedRulesCommonRuleSet');
      // Large bodies (the spreadsheet import, attachments) are counted, not blocked.
      expect(groups.find((g) => g.Name === 'AWSManagedRulesCommonRuleSet')!.RuleActionOverrides).toEqual(
        WAF_COUNT_ONLY_RULES.AWSManagedRulesCommonRuleSet!.map((Name) => ({ Name, ActionToUse: { Count: {} } })),
      );
      // Under the web ACL capacity limit.
      expect(s.caps.wafManagedRuleGroups.reduce((n, g) => n + g.wcu, 0)).toBeLessThan(1500 - 10);

      const associations = ofType(s, 'AWS::WAFv2::WebACLAssociation');
      expect(associations).toHaveLength(1);
      const association = associations[0]![1].Properties as { ResourceArn: unknown; WebACLArn: unknown };
      expect(association.WebACLArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
      const arn = JSON.stringify(association.ResourceArn);
      expect(arn).toContain(`"/stages/",{"Ref":"${idStarting(s, 'AWS::ApiGateway::Stage', 'ApiRestApiDeploymentStage')}"}`);
      expect(arn).toContain(`/restapis/",{"Ref":"${idStarting(s, 'AWS::ApiGateway::RestApi', 'ApiRestApi')}"}`);
    });

    it('locks the origin: CloudFront sends the generated secret\'s "header" to the REST API stage, the app knows only the ARN', () => {
      const [secretId, secret] = ofType(s, 'AWS::SecretsManager::Secret').find(([id]) => id.startsWith('ApiOriginSecret'))!;
      expect(secret.Properties.GenerateSecretString).toMatchObject({ SecretStringTemplate: JSON.stringify({ accepted: [] }), GenerateStringKey: 'header' });

      const config = (ofType(s, 'AWS::CloudFront::Distribution')[0]![1].Properties as { DistributionConfig: Record<string, unknown> }).DistributionConfig as {
        Origins: { Id: string; DomainName: unknown; OriginPath?: string; OriginCustomHeaders?: { HeaderName: string; HeaderValue: unknown }[] }[];
        CacheBehaviors: { PathPattern: string; TargetOriginId: string }[];
      };
      const api = config.Origins.find((o) => JSON.stringify(o.DomainName).includes('execute-api'))!;
      expect(JSON.stringify(api.DomainName)).toContain(idStarting(s, 'AWS::ApiGateway::RestApi', 'ApiRestApi'));
      // `/api/search` reaches the stage as `/live/api/search`: the app's event carries `/api/search`.
      expect(api.OriginPath).toBe(`/${API_STAGE_NAME}`);
      const header = api.OriginCustomHeaders!.find((h) => h.HeaderName === ORIGIN_HEADER)!;
      const value = JSON.stringify(header.HeaderValue);
      expect(value).toContain('{{resolve:secretsmanager:');
      expect(value).toContain(':SecretString:header::}}');
      expect(value).toContain(`"Ref":"${secretId}"`);
      const apiBehaviour = config.CacheBehaviors.find((b) => patternToRegExp(b.PathPattern).test('/api/admin/cases'))!;
      expect(apiBehaviour.PathPattern).toBe(API_PATH);
      expect(apiBehaviour.TargetOriginId).toBe(api.Id);
      // The site bucket's origin gets no such header.
      for (const origin of config.Origins.filter((o) => o !== api)) expect(origin.OriginCustomHeaders ?? []).toEqual([]);

      for (const prefix of API_FUNCTIONS) expect(env(s, prefix).ORIGIN_SECRET_ARN).toEqual({ Ref: secretId });
    });

    it('keeps secrets out of every function\'s environment: ARNs only, read at run time, GetSecretValue on those secrets only', () => {
      for (const [id, fn] of ofType(s, 'AWS::Lambda::Function')) {
        const variables = JSON.stringify((fn.Properties.Environment as { Variables?: unknown } | undefined)?.Variables ?? {});
        expect(variables, id).not.toContain('resolve:secretsmanager');
        expect(variables, id).not.toMatch(/"AUTH_SECRET"/);
      }
      const authSecret = ofType(s, 'AWS::SecretsManager::Secret').find(([id]) => id.startsWith('ApiAuthSecret'))![0];
      const originSecret = ofType(s, 'AWS::SecretsManager::Secret').find(([id]) => id.startsWith('ApiOriginSecret'))![0];
      for (const prefix of API_FUNCTIONS) {
        expect(env(s, prefix)).toMatchObject({ AUTH_SECRET_ARN: { Ref: authSecret }, ORIGIN_SECRET_ARN: { Ref: originSecret } });
        const reads = withAction(roleStatements(s, prefix), 'secretsmanager:GetSecretValue');
        expect(reads).toHaveLength(1);
        expect(reads[0]!.Action).toBe('secretsmanager:GetSecretValue');
        expect(reads[0]!.Resource).toEqual([{ Ref: authSecret }, { Ref: originSecret }]);
      }
      for (const prefix of ['PublisherHandler', 'PurgeHandler']) {
        expect(withAction(roleStatements(s, prefix), 'secretsmanager:GetSecretValue')).toEqual([]);
      }
    });

    it('tells the app where the viewer\'s address is for this partition', () => {
      // CloudFront appends the viewer, then API Gateway appends CloudFront's own address: the second from the right.
      expect(s.caps.clientIpSource).toBe('xff:2');
      for (const prefix of API_FUNCTIONS) {
        expect(env(s, prefix).CLIENT_IP_SOURCE).toBe('xff:2');
        expect(env(s, prefix)).not.toHaveProperty('CLIENT_IP_HEADER');
      }
    });

    it('encrypts the table (and so its stream and backups) with its own customer-managed key, which every function uses only through DynamoDB', () => {
      const keyId = idStarting(s, 'AWS::KMS::Key', 'DataKey');
      const key = s.template.toJSON().Resources[keyId] as { Properties: { EnableKeyRotation: boolean }; DeletionPolicy: string };
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect(key.DeletionPolicy).toBe('Retain');
      s.template.hasResourceProperties('AWS::DynamoDB::Table', {
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } },
      });
      const keyArn = { 'Fn::GetAtt': [keyId, 'Arn'] };
      for (const prefix of [...API_FUNCTIONS, 'PublisherHandler', 'PurgeHandler']) {
        const uses = roleStatements(s, prefix).filter((st) => JSON.stringify(st.Resource) === JSON.stringify(keyArn));
        const viaDynamo = uses.find((st) => st.Condition?.StringEquals?.['kms:ViaService'] !== undefined);
        expect(viaDynamo, prefix).toBeDefined();
        // dynamodb.<region>.amazonaws.com(.cn): the suffix is AWS::URLSuffix.
        expect(JSON.stringify(viaDynamo!.Condition)).toContain(`dynamodb.${region}.`);
        expect(JSON.stringify(viaDynamo!.Condition)).toContain('AWS::URLSuffix');
        expect([viaDynamo!.Action].flat()).toContain('kms:Decrypt');
      }
      // The stream is read by Lambda with the publisher's role, which must decrypt it.
      const publisher = roleStatements(s, 'PublisherHandler').filter((st) => JSON.stringify(st.Resource) === JSON.stringify(keyArn) && !st.Condition);
      expect(publisher.flatMap((st) => [st.Action].flat())).toEqual(['kms:Decrypt']);
    });
  });
}

describe('rotating the origin secret', () => {
  it('names the new version in the template, so that a deploy changes what CloudFront sends', () => {
    const versionId = '3f1c2b9e-5d7a-4c1e-9b8f-0a1b2c3d4e5f';
    const s = synth('cn-northwest-1', { originSecretVersionId: versionId });
    const header = JSON.stringify(s.template.findResources('AWS::CloudFront::Distribution'));
    expect(header).toContain(`:SecretString:header::${versionId}}}`);
  });
});

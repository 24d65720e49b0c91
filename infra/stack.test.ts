/**
 * The stack, synthesised as `cdk synth` would (cdk.json's feature flags, cdk-nag's
 * AWS Solutions checks), asserting the properties that matter rather than a
 * snapshot. Each configuration is synthesised once per file: the global one
 * bundles every function for real with esbuild; the others deploy inline code.
*
 * Why one file (about 1,100 lines): the global configuration's synthesis, with
 * every function bundled, is the expensive part, and a file pays for its own;
 * its ~750 lines of assertions share one template. The other configurations
 * (China, a message sender, a domain) could move to a file each, paying only
 * their inline synthesis, when this one grows.
 */
import { App, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditKeys } from '#functions/data/audit.ts';
import { caseKeys } from '#functions/data/cases.ts';
import { feeGuidanceKeys } from '#functions/data/fee-guidance.ts';
import { publishProgressKey } from '#functions/data/publish-progress.ts';
import { institutionKeys } from '#functions/data/institutions.ts';
import { noticeKeys } from '#functions/data/notices.ts';
import { tableDefinition } from '#functions/data/table.ts';
import { HSTS_MAX_AGE_SECONDS, SITE_CSP, SITE_PERMISSIONS_POLICY } from '#shared/http/security-headers.ts';
import { CSRF_HEADER } from '#functions/auth/csrf.ts';
import { CASE_ENCRYPTION_CONTEXT_KEYS, STAFF_ENCRYPTION_CONTEXT_KEYS } from './constructs/cases.ts';
import { totpContext } from '#functions/accounts/totp-secret.ts';
import { IMPORT_ACTIVE_STATUSES, IMPORT_SWEEP_MINUTES, IMPORT_WORKER_TABLE_GRANT, PUBLISH_WAKE_MARKERS, PUBLISHER_TABLE_GRANT, PURGE_TABLE_GRANT, type NotifyJobSettings } from './constructs/jobs.ts';
import { importJobKey, ImportJobStatuses, type ImportJob } from '#functions/data/import-jobs.ts';
import { isActive } from '#functions/import/job.ts';
import { STALE_AFTER_MS } from '#functions/jobs/import-worker-run.ts';
import { API_FORWARDED_HEADERS, PUBLIC_API_PATHS, UNCACHED_APP_PATHS } from './constructs/site.ts';
import type { SiteDomain } from './constructs/site.ts';
import { regionCapabilities } from './region.ts';
import { API_PATH, IMPORT_ROUTE, patternToRegExp } from './routes.ts';
import { ShouhuStack } from './stack.ts';
import { lambdaFunctions } from './constructs/bundling.ts';
import { buildLambda } from './lambda-build.ts';

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
  /** Findings of CDK's built-in CloudFormation validation (with `cfnValidation`): neither cdk-nag's nor the constructs' annotations. */
  cfnFindings: Violation[];
}

function synth(options: {
  region: string;
  account?: string;
  code?: lambda.Code;
  siteAssetsDir?: string;
  domain?: SiteDomain;
  notifier?: NotifyJobSettings;
  /**
   * CDK's built-in CloudFormation validation, which `cdk synth` runs: its engine costs a process about 5 CPU-s
   * to load and a synthesis 1–2 more, so it runs in the global configuration's synthesis only (the others differ
   * from it in a few resources), where its findings are asserted.
   */
  cfnValidation?: boolean;
}): Synthesised {
  const outdir = mkdtempSync(join(tmpdir(), 'shouhu-cdk-'));
  const app = new App({ outdir, context: cdkContext, builtinCloudFormationValidation: options.cfnValidation ?? false });
  const stack = new ShouhuStack(app, 'Shouhu-test', {
    env: { region: options.region, ...(options.account ? { account: options.account } : {}) },
    stage: 'test',
    capabilities: regionCapabilities(options.region),
    ...(options.code ? { functionCode: options.code } : {}),
    ...(options.siteAssetsDir ? { siteAssetsDir: options.siteAssetsDir } : {}),
    ...(options.domain ? { domain: options.domain } : {}),
    ...(options.notifier ? { notifier: options.notifier } : {}),
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
  const findings = report.pluginReports.flatMap((p) =>
    p.violations.map((v) => ({ rule: v.ruleName, severity: v.severity, paths: v.violatingConstructs.map((c) => c.constructPath) })),
  );
  const violations = findings.filter((v) => v.rule.startsWith('AwsSolutions-'));
  const cfnFindings = findings.filter((v) => !v.rule.startsWith('AwsSolutions-') && !v.rule.startsWith('Annotation::'));
  const json = readFileSync(join(outdir, stack.templateFile), 'utf8');
  return { app, stack, outdir, template: Template.fromJSON(JSON.parse(json)), json, violations, cfnFindings };
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
/** The origin whose domain is built from the REST API's id. */
const apiOriginId = (t: Template) =>
  distributionConfig(t).Origins.find((o) => JSON.stringify(o.DomainName).includes('execute-api'))!.Id;

/** The behaviour CloudFront applies to a path: the first pattern that matches, else the default. */
function behaviorFor(t: Template, path: string): Record<string, unknown> {
  const config = distributionConfig(t);
  return config.CacheBehaviors.find((b) => patternToRegExp(String(b.PathPattern)).test(path)) ?? config.DefaultCacheBehavior;
}

/** A resource's logical ID, by the start of it (CDK adds a hash). */
const idOf = (t: Template, type: string, prefix: string) => {
  const ids = Object.keys(t.findResources(type)).filter((id) => id.startsWith(prefix));
  expect(ids, `${type} ${prefix}*`).toHaveLength(1);
  return ids[0]!;
};
const functionId = (t: Template, prefix: string) => idOf(t, 'AWS::Lambda::Function', prefix);
const functionProps = (t: Template, prefix: string) =>
  (t.toJSON() as { Resources: Record<string, Resource> }).Resources[functionId(t, prefix)]!.Properties as {
    Runtime: string;
    Architectures: string[];
    Handler: string;
    MemorySize: number;
    Timeout: number;
    ReservedConcurrentExecutions?: number;
    Role: { 'Fn::GetAtt': [string, string] };
    Code: { S3Key?: string };
    Environment: { Variables: Record<string, unknown> };
  };

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Condition?: Record<string, Record<string, unknown>>;
}
/** Every statement a function's role carries: its inline policies and the policies attached to it. */
function roleStatements(t: Template, functionPrefix: string): Statement[] {
  const roleId = functionProps(t, functionPrefix).Role['Fn::GetAtt'][0];
  const role = (t.toJSON() as { Resources: Record<string, Resource> }).Resources[roleId]!;
  const inline = ((role.Properties.Policies ?? []) as { PolicyDocument: { Statement: Statement[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
  const attached = resourcesOf(t, 'AWS::IAM::Policy')
    .filter((p) => JSON.stringify(p.Properties.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => (p.Properties.PolicyDocument as { Statement: Statement[] }).Statement);
  return [...inline, ...attached];
}
const actionsOf = (statements: Statement[]) => statements.flatMap((st) => [st.Action].flat()).sort();
const withAction = (statements: Statement[], action: string) => statements.filter((st) => [st.Action].flat().includes(action));

const logicalIds = (t: Template) => ({
  table: Object.keys(t.findResources('AWS::DynamoDB::Table'))[0]!,
  siteBucket: idOf(t, 'AWS::S3::Bucket', 'SiteBucket'),
  attachments: idOf(t, 'AWS::S3::Bucket', 'CasesAttachments'),
  key: idOf(t, 'AWS::KMS::Key', 'CasesKey'),
});

/** A folder outside the repository whose node_modules holds only @aws-sdk (the runtime's copy), as in Lambda. */
function lambdaLikeFolder(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(root, 'node_modules', '@aws-sdk'), join(dir, 'node_modules', '@aws-sdk'), 'dir');
  return dir;
}

/**
 * Starts a bundle as deployed in such a folder (`dir/bundle`, beside node_modules): imports its index.mjs, which
 * must export a handler, then each of `files` (paths in the bundle's folder). What Node printed on stderr (its
 * lines under 300 characters) and its exit status.
 */
function startBundle(dir: string, bundle: string, files: readonly string[], env: NodeJS.ProcessEnv): { stderr: string; status: number | null } {
  const url = (file: string) => pathToFileURL(join(dir, bundle, file)).href;
  const script = `const m = await import(${JSON.stringify(url('index.mjs'))}); if (typeof m.handler !== 'function') throw new Error('no handler'); for (const c of ${JSON.stringify(files.map(url))}) await import(c);`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env, encoding: 'utf8' });
  return { stderr: child.stderr.split('\n').filter((l) => l.length < 300).join('\n'), status: child.status };
}

describe('the stack in a global region (ap-northeast-1), bundled for real', () => {
  let s: Synthesised;
  beforeAll(() => {
    s = synth({ region: 'ap-northeast-1', cfnValidation: true });
  });

  it('passes cdk-nag AWS Solutions checks with nothing unacknowledged', () => {
    expect(s.violations).toEqual([]);
  });

  it("passes CDK's built-in CloudFormation validation, as `cdk synth` runs it", () => {
    expect(s.cfnFindings).toEqual([]);
  });

  it('has no circular dependency, though the functions name the distribution', () => {
    // Template.fromJSON (in synth() above) refuses a template with a dependency cycle, which `cdk synth` does not check.
    // Without a domain the site's origin is the distribution's name, for the API and the publisher.
    const distribution = Object.keys(s.template.findResources('AWS::CloudFront::Distribution'))[0]!;
    const origin = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] };
    for (const prefix of ['ApiHandler', 'ApiImportHandler']) expect(functionProps(s.template, prefix).Environment.Variables.SITE_ORIGINS).toEqual(origin);
    expect(functionProps(s.template, 'PublisherHandler').Environment.Variables.PUBLIC_ORIGIN).toEqual(origin);
    // A cycle is found when there is one.
    const json = s.template.toJSON() as { Resources: Record<string, { DependsOn?: string[] }> };
    const looped = JSON.parse(JSON.stringify(json)) as typeof json;
    looped.Resources[Object.keys(s.template.findResources('AWS::ApiGateway::RestApi'))[0]!]!.DependsOn = [functionId(s.template, 'ApiHandler')];
    expect(() => Template.fromJSON(looped)).toThrow(/dependency cycle/);
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
    // The secret's ARN, read at run time: never its value (infra/partition.test.ts checks every function).
    expect(props.Environment.Variables.AUTH_SECRET).toBeUndefined();
    const authSecret = Object.keys(s.template.findResources('AWS::SecretsManager::Secret')).find((id) => id.startsWith('ApiAuthSecret'))!;
    expect(props.Environment.Variables.AUTH_SECRET_ARN).toEqual({ Ref: authSecret });
    const ids = logicalIds(s.template);
    expect(props.Environment.Variables.CASES_KMS_KEY_ID).toEqual({ 'Fn::GetAtt': [ids.key, 'Arn'] });
    expect(props.Environment.Variables.ATTACHMENTS_BUCKET).toEqual({ Ref: ids.attachments });
    expect(props.Environment.Variables.CASES_PII_RETENTION_DAYS).toBe('365');
  });

  /** The bundle of a function, from the asset its Code names. */
  const bundleOf = (prefix: string) => {
    const key = functionProps(s.template, prefix).Code.S3Key!;
    return join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`);
  };
  /** What Lambda loads at cold start: the entry (its static imports of chunks are checked below). */
  const codeOf = (prefix: string) => readFileSync(join(bundleOf(prefix), 'index.mjs'), 'utf8');
  /** The files of a function's code: index.mjs and the chunks it loads on first use. */
  const filesOf = (prefix: string) => readdirSync(bundleOf(prefix), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mjs'));
  /** All of a function's code, entry and chunks. */
  const allCodeOf = (prefix: string) => filesOf(prefix).map((f) => readFileSync(join(bundleOf(prefix), f), 'utf8')).join('\n');
  /** The files a cold start reads: index.mjs and, transitively, the chunks it imports statically (`from"./chunks/…"`). */
  const atStartOf = (prefix: string) => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const code = readFileSync(join(bundleOf(prefix), file), 'utf8');
      for (const m of code.matchAll(/(?:from|import)\s*"\.\/((?:chunks\/)?[\w.-]+\.mjs)"/g)) visit(file.startsWith('chunks/') && !m[1]!.startsWith('chunks/') ? `chunks/${m[1]}` : m[1]!);
    };
    visit('index.mjs');
    return [...seen];
  };

  it('bundles each function as minified ESM with a source map, leaving the AWS SDK to the runtime', () => {
    for (const prefix of ['ApiHandler', 'ApiImportHandler', 'PublisherHandler', 'PurgeHandler']) {
      const dir = bundleOf(prefix);
      expect(existsSync(join(dir, 'index.mjs.map')), prefix).toBe(true);
      const code = codeOf(prefix);
      expect(code.startsWith("import { createRequire as __createRequire } from 'node:module';")).toBe(true);
      // Imported at start, by the entry or a chunk it imports statically (shared with the route groups).
      expect(atStartOf(prefix).map((f) => readFileSync(join(dir, f), 'utf8')).join('\n')).toMatch(/from\s*"@aws-sdk\/client-dynamodb"/);
      // The DynamoDB client's own code (its protocol target) is not in the bundle.
      expect(allCodeOf(prefix)).not.toContain('DynamoDB_20120810');
      // Minified: long lines (template literals keep their own line breaks, so no exact count).
      expect(code.length / code.split('\n').length).toBeGreaterThan(200);
    }
  });

  it('leaves the spreadsheet readers out of the API bundle, and in the import function\'s', () => {
    const api = allCodeOf('ApiHandler');
    // No static import of either (it would be hoisted to the top of the bundle and fail at cold start).
    expect(api).not.toMatch(/from\s*"(exceljs|iconv-lite)"/);
    expect(api).toMatch(/import\("iconv-lite"\)/);
    expect(api).toContain('exceljs is not in this function');
    const full = allCodeOf('ApiImportHandler');
    expect(full).not.toContain('exceljs is not in this function');
    expect(full).not.toMatch(/import\("iconv-lite"\)/);
    expect(full.length).toBeGreaterThan(api.length * 1.5);
    // KMS is loaded on first use, never at cold start.
    for (const code of [api, full]) {
      expect(code).toMatch(/import\("@aws-sdk\/client-kms"\)/);
      expect(code).not.toMatch(/from\s*"@aws-sdk\/client-kms"/);
    }
  });

  it('loads the rarely used parts on first use: S3, the Markdown renderer and the spreadsheet reader are chunks the entry only import()s', () => {
    for (const prefix of ['ApiHandler', 'ApiImportHandler', 'PublisherHandler', 'PurgeHandler']) {
      const entry = codeOf(prefix);
      // The S3 client is imported where first used (functions/storage/s3-store.ts), never at cold start.
      expect(entry, prefix).not.toMatch(/from\s*"@aws-sdk\/client-s3"/);
      expect(allCodeOf(prefix), prefix).toMatch(/import\("@aws-sdk\/client-s3"\)/);
      // zod's locales: the two the app uses, not the forty others (e.g. German's "Ungültige Eingabe").
      expect(allCodeOf(prefix), prefix).not.toContain('Ungültige Eingabe');
    }
    for (const prefix of ['ApiHandler', 'PublisherHandler']) {
      const markdown = filesOf(prefix).filter((f) => readFileSync(join(bundleOf(prefix), f), 'utf8').includes('sanitize-html'));
      expect(markdown.length, prefix).toBeGreaterThan(0);
      expect(markdown, prefix).not.toContain('index.mjs');
    }
    // The spreadsheet reader (exceljs) is a chunk of the import function, not in its entry.
    expect(codeOf('ApiImportHandler')).not.toMatch(/ExcelJS|exceljs/i);
    expect(filesOf('ApiImportHandler').some((f) => f.startsWith('chunks/'))).toBe(true);
  });

  it('leaves every route group out of the API\'s cold start, and pinyin-pro and the QR codes out of the publisher\'s', () => {
    // Each route group (functions/groups.ts) is a chunk of its own, named after its module, loaded on first use.
    for (const prefix of ['ApiHandler', 'ApiImportHandler']) {
      for (const group of ['staff', 'health', 'registry', 'fees', 'filing', 'follow']) {
        const chunks = filesOf(prefix).filter((f) => new RegExp(`^chunks/${group}-[A-Z0-9]+\\.mjs$`).test(f));
        expect(chunks, `${prefix} ${group}`).toHaveLength(1);
        expect(atStartOf(prefix), `${prefix} ${group}`).not.toContain(chunks[0]);
      }
    }
    // The staff API (functions/groups/staff.ts) mounts /admin/audit; the public app never names it.
    const holding = (prefix: string, text: string) => filesOf(prefix).filter((f) => readFileSync(join(bundleOf(prefix), f), 'utf8').includes(text));
    for (const prefix of ['ApiHandler', 'ApiImportHandler']) {
      const staff = holding(prefix, '"/admin/audit"');
      expect(staff.length, prefix).toBeGreaterThan(0);
      expect(staff.filter((f) => atStartOf(prefix).includes(f)), prefix).toEqual([]);
    }
    // The import jobs' code (their key prefix, IMPORTJOB#) comes with the staff group, never at cold start: the entry
    // names only the runner that leaves jobs to the import worker (functions/import/external-runner.ts).
    for (const prefix of ['ApiHandler', 'ApiImportHandler']) {
      const jobs = holding(prefix, 'IMPORTJOB');
      expect(jobs.length, prefix).toBeGreaterThan(0);
      expect(jobs.filter((f) => atStartOf(prefix).includes(f)), prefix).toEqual([]);
    }
    // pinyin-pro (its option `surname`) and qrcode (its `getSymbolSize`) are chunks of the publisher, loaded with the first page published.
    for (const text of ['surname', 'getSymbolSize']) {
      expect(holding('PublisherHandler', text).length, text).toBeGreaterThan(0);
      expect(holding('PublisherHandler', text).filter((f) => atStartOf('PublisherHandler').includes(f)), text).toEqual([]);
    }
  });

  it('reads at the jobs\' cold start only what they need: their strings\' areas, no routing tables in the import worker\'s or the publisher\'s', () => {
    const atStart = (prefix: string) => atStartOf(prefix).map((f) => readFileSync(join(bundleOf(prefix), f), 'utf8')).join('\n');
    // The staff console's words (shared/i18n/zh-CN/admin.ts) are in the API's table, never in a job's start: a job reads its areas only.
    const consoleWords = '管理后台需要启用 JavaScript 才能使用';
    expect(allCodeOf('ApiHandler')).toContain(consoleWords);
    for (const prefix of ['PublisherHandler', 'PurgeHandler', 'ImportWorkerHandler']) expect(atStart(prefix), prefix).not.toContain(consoleWords);
    // The jurisdiction (its routing tables, parsed when loaded) comes with an import job's first check, and with the
    // publisher's first page or due notices, not at either cold start.
    const routingRow = 'complaint-licensed-beyond-scope';
    for (const prefix of ['ImportWorkerHandler', 'PublisherHandler']) {
      expect(allCodeOf(prefix), prefix).toContain(routingRow);
      expect(atStart(prefix), prefix).not.toContain(routingRow);
    }
  });

  it('starts every bundle where only the AWS SDK is installed, as in Lambda', () => {
    const dir = lambdaLikeFolder('shouhu-lambda-');
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'ap-northeast-1',
      AWS_LAMBDA_FUNCTION_NAME: 'shouhu-test',
      TABLE_NAME: 'shouhu-test',
      SITE_BUCKET: 'shouhu-test-site',
      AUTH_SECRET: 'test-only-secret-test-only-secret-000000',
      // The API refuses to start in Lambda without it (functions/config.ts readOriginConfig); read at the first request, not at import.
      ORIGIN_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shouhu-origin',
      CASES_KMS_KEY_ID: 'arn:aws:kms:ap-northeast-1:123456789012:key/00000000-0000-0000-0000-000000000000',
      ATTACHMENTS_BUCKET: 'shouhu-test-attachments',
      PUBLIC_ORIGIN: 'https://d111111abcdef8.cloudfront.net',
    };
    for (const prefix of ['ApiHandler', 'ApiImportHandler', 'PublisherHandler', 'PurgeHandler', 'ImportWorkerHandler']) {
      // The function's code as deployed: index.mjs and its chunks, in a folder of their own beside node_modules.
      cpSync(bundleOf(prefix), join(dir, prefix), { recursive: true });
      // Then every chunk it loads on first use (the staff API, the Markdown renderer, the spreadsheet reader…): none may need a package Lambda lacks.
      const child = startBundle(dir, prefix, filesOf(prefix).filter((f) => f.startsWith('chunks/')), env);
      expect(child.stderr, prefix).toBe('');
      expect(child.status, prefix).toBe(0);
    }
  });

  it('starts the message sender\'s bundle, built by the same builder, where only the AWS SDK is installed', async () => {
    // Its stack (with a notifier, below) is synthesised with inline code: the bundle is built here as the asset builds it.
    const dir = lambdaLikeFolder('shouhu-notify-');
    await buildLambda({ entry: lambdaFunctions.notify.entry, variant: lambdaFunctions.notify.variant, outdir: join(dir, 'notify') });
    // The environment the stack gives it (infra/constructs/jobs.ts), with SNS as the provider (no credentials secret).
    const env = {
      PATH: process.env.PATH ?? '',
      AWS_REGION: 'ap-northeast-1',
      AWS_LAMBDA_FUNCTION_NAME: 'shouhu-test-notify',
      TABLE_NAME: 'shouhu-test',
      CASES_KMS_KEY_ID: 'arn:aws:kms:ap-northeast-1:123456789012:key/00000000-0000-0000-0000-000000000000',
      NOTIFIER: 'sns',
      NOTIFY_TRACK_LINK: 'https://d111111abcdef8.cloudfront.net/track/',
      AUTH_SECRET_ARN: 'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:shouhu-auth',
    };
    const files = readdirSync(join(dir, 'notify'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mjs'));
    // The case and institution data it loads on first use are chunks: each is imported too.
    expect(files.filter((f) => f.startsWith('chunks/')).length).toBeGreaterThan(0);
    const child = startBundle(dir, 'notify', files, env);
    expect(child.stderr).toBe('');
    expect(child.status).toBe(0);
  });

  it('grants DynamoDB on the table, its indexes and its stream only, S3 on named buckets, KMS on the cases and table keys, two secrets: nothing on "*"', () => {
    const policies = [
      ...resourcesOf(s.template, 'AWS::IAM::Policy').map((p) => p.Properties.PolicyDocument),
      ...resourcesOf(s.template, 'AWS::IAM::Role').flatMap((r) => ((r.Properties.Policies ?? []) as { PolicyDocument: unknown }[]).map((p) => p.PolicyDocument)),
    ] as { Statement: Statement[] }[];
    const statements = policies.flatMap((p) => p.Statement);
    const actions = statements.flatMap((st) => [st.Action].flat());
    expect(actions.filter((a) => !/^(dynamodb|s3|logs|kms|sqs):/.test(a))).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:GetSecretValue']);
    // SQS: only the jobs' sending of a failed run to the dead-letter queue (infra/constructs/monitoring.ts).
    const queueArn = { 'Fn::GetAtt': [idOf(s.template, 'AWS::SQS::Queue', 'MonitoringJobFailures'), 'Arn'] };
    for (const st of statements.filter((x) => [x.Action].flat().some((a) => a.startsWith('sqs:')))) {
      expect(st).toMatchObject({ Action: 'sqs:SendMessage', Resource: queueArn });
    }
    expect(actions.filter((a) => a.includes('*'))).toEqual([]);
    for (const st of statements) expect([st.Resource].flat()).not.toContain('*');

    const ids = logicalIds(s.template);
    const tableArn = { 'Fn::GetAtt': [ids.table, 'Arn'] };
    const indexArn = (name: string) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] });
    const streamArn = { 'Fn::GetAtt': [ids.table, 'StreamArn'] };
    const dynamo = statements.filter((st) => [st.Action].flat().some((a) => a.startsWith('dynamodb:')));
    for (const st of dynamo) {
      for (const resource of [st.Resource].flat()) {
        expect([tableArn, streamArn, ...tableDefinition.globalSecondaryIndexes.map((i) => indexArn(i.indexName))]).toContainEqual(resource);
      }
    }
    expect(dynamo.flatMap((st) => [st.Action].flat())).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:PutItem']));
    const tableKey = { 'Fn::GetAtt': [idOf(s.template, 'AWS::KMS::Key', 'DataKey'), 'Arn'] };
    for (const st of statements.filter((x) => [x.Action].flat().some((a) => a.startsWith('kms:')))) {
      expect([{ 'Fn::GetAtt': [ids.key, 'Arn'] }, tableKey]).toContainEqual(st.Resource);
    }
    const secrets = Object.keys(s.template.findResources('AWS::SecretsManager::Secret')).map((id) => ({ Ref: id }));
    for (const st of statements.filter((x) => [x.Action].flat().some((a) => a.startsWith('secretsmanager:')))) {
      for (const resource of [st.Resource].flat()) expect(secrets).toContainEqual(resource);
    }
  });

  it('keeps the audit log append-only: both API functions are denied updating or deleting AUDIT# items', () => {
    const tableArn = { 'Fn::GetAtt': [logicalIds(s.template).table, 'Arn'] };
    for (const fn of ['ApiHandler', 'ApiImportHandler']) {
      const denials = roleStatements(s.template, fn).filter((st) => st.Effect === 'Deny');
      expect(denials, fn).toEqual([
        {
          Effect: 'Deny',
          Action: ['dynamodb:BatchWriteItem', 'dynamodb:DeleteItem', 'dynamodb:UpdateItem'],
          Resource: tableArn,
          Condition: { 'ForAnyValue:StringLike': { 'dynamodb:LeadingKeys': ['AUDIT#*'] } },
        },
      ]);
    }
    expect(auditKeys.day('2026-12-04').startsWith('AUDIT#')).toBe(true);
  });

  it('gives only the API the cases key, for the case encryption context only, and S3\'s use of it for attachments', () => {
    const ids = logicalIds(s.template);
    const casesKey = { 'Fn::GetAtt': [ids.key, 'Arn'] };
    const onCasesKey = (st: Statement) => JSON.stringify(st.Resource) === JSON.stringify(casesKey);
    const api = roleStatements(s.template, 'ApiHandler');
    const kms = api.filter((st) => [st.Action].flat().some((a) => a.startsWith('kms:')) && onCasesKey(st));
    expect(kms).toHaveLength(4);
    const contextKeys = (st: Statement) => JSON.stringify(st.Condition?.['ForAllValues:StringEquals']?.['kms:EncryptionContextKeys'] ?? null);
    const direct = kms.find((st) => contextKeys(st) === '["caseNumber"]')!;
    // Followers' mobiles (functions/follow/service.ts): the API seals them, under their own context only.
    const follow = kms.find((st) => contextKeys(st) === '["follow"]')!;
    expect(actionsOf([follow])).toEqual(['kms:GenerateDataKey']);
    expect(follow.Condition).toEqual({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['follow'] }, Null: { 'kms:EncryptionContext:follow': 'false' } });
    // Staff members' TOTP secrets (functions/accounts/totp-secret.ts): sealed at enrolment, opened at each sign-in.
    const staff = kms.find((st) => contextKeys(st) === '["staff"]')!;
    expect(actionsOf([staff])).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(staff.Condition).toEqual({ 'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['staff'] }, Null: { 'kms:EncryptionContext:staff': 'false' } });
    expect(Object.keys(totpContext('someone'))).toEqual([...STAFF_ENCRYPTION_CONTEXT_KEYS]);
    expect(actionsOf([direct])).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(direct.Condition).toEqual({
      'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['caseNumber'] },
      Null: { 'kms:EncryptionContext:caseNumber': 'false' },
    });
    // What the app binds to every data key (functions/cases/intake.ts, staff.ts).
    expect(CASE_ENCRYPTION_CONTEXT_KEYS).toEqual(['caseNumber']);
    const viaS3 = kms.find((st) => st !== direct && st !== follow && st !== staff)!;
    expect(actionsOf([viaS3])).toEqual(['kms:Decrypt', 'kms:GenerateDataKey']);
    expect(JSON.stringify(viaS3.Condition?.StringEquals?.['kms:ViaService'])).toContain('s3.ap-northeast-1.');
    expect(viaS3.Condition?.StringLike?.['kms:EncryptionContext:aws:s3:arn']).toEqual([
      { 'Fn::GetAtt': [ids.attachments, 'Arn'] },
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.attachments, 'Arn'] }, '/*']] },
    ]);
    for (const other of ['ApiImportHandler', 'PublisherHandler', 'PurgeHandler']) {
      expect(actionsOf(roleStatements(s.template, other).filter(onCasesKey)), other).toEqual([]);
    }
  });

  it('keeps the cases key: rotation on, retained, its ARN (not an alias) given to the API', () => {
    s.template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
      Properties: Match.objectLike({ EnableKeyRotation: true, PendingWindowInDays: 30 }),
    });
    s.template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/shouhu-test-cases' });
  });

  it('runs the publisher one at a time, woken by the table\'s stream (waiting items only) and every minute', () => {
    const ids = logicalIds(s.template);
    const publisher = functionProps(s.template, 'PublisherHandler');
    // One run at a time by a lease item, not reserved concurrency (which new accounts cannot spare).
    expect(publisher.ReservedConcurrentExecutions).toBeUndefined();
    expect(publisher.Environment.Variables).toMatchObject({ TABLE_NAME: { Ref: ids.table }, SITE_BUCKET: { Ref: ids.siteBucket } });
    // No domain here: the distribution's own name (the publisher may name it; the API could not).
    const distribution = Object.keys(s.template.findResources('AWS::CloudFront::Distribution'))[0]!;
    expect(publisher.Environment.Variables.PUBLIC_ORIGIN).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distribution, 'DomainName'] }]] });

    s.template.hasResourceProperties('AWS::DynamoDB::Table', { StreamSpecification: { StreamViewType: 'NEW_IMAGE' } });
    // Two functions read the stream, the most DynamoDB serves without throttling its reads: the publisher and the import worker.
    const mappings = resourcesOf(s.template, 'AWS::Lambda::EventSourceMapping');
    expect(mappings.map((m) => (m.Properties.FunctionName as { Ref: string }).Ref).sort()).toEqual(
      [functionId(s.template, 'PublisherHandler'), functionId(s.template, 'ImportWorkerHandler')].sort(),
    );
    const mapping = mappings.find((m) => (m.Properties.FunctionName as { Ref: string }).Ref === functionId(s.template, 'PublisherHandler'))!.Properties as {
      EventSourceArn: unknown;
      FunctionName: unknown;
      StartingPosition: string;
      MaximumBatchingWindowInSeconds: number;
      FilterCriteria: { Filters: { Pattern: string }[] };
    };
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [ids.table, 'StreamArn'] });
    expect(mapping.FunctionName).toEqual({ Ref: functionId(s.template, 'PublisherHandler') });
    expect(mapping.StartingPosition).toBe('LATEST');
    expect(mapping.MaximumBatchingWindowInSeconds).toBeGreaterThan(0);
    expect(mapping.MaximumBatchingWindowInSeconds).toBeLessThanOrEqual(5);
    expect(mapping.FilterCriteria.Filters.map((f) => JSON.parse(f.Pattern) as unknown)).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { gsi2pk: { S: ['DIRTY', 'NOTICE_DUE', 'FEES_DUE'] } } } },
    ]);
    // The markers are the data module's own: institutions, notices and fee guidance waiting to be published.
    expect([...PUBLISH_WAKE_MARKERS]).toEqual([institutionKeys.dirty, noticeKeys.due, feeGuidanceKeys.due]);

    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(s.template, 'PublisherHandler'), 'Arn'] } })],
    });
    s.template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'events.amazonaws.com',
      FunctionName: { 'Fn::GetAtt': [functionId(s.template, 'PublisherHandler'), 'Arn'] },
    });
  });

  it('runs the import worker woken by the stream (import jobs checking or applying only) and a sweep every five minutes', () => {
    const ids = logicalIds(s.template);
    const worker = functionProps(s.template, 'ImportWorkerHandler');
    expect(worker.ReservedConcurrentExecutions).toBeUndefined();
    // A run goes until its remaining time less a margin, then hands over; the whole file's check must fit in one.
    expect(worker.Timeout).toBe(15 * 60);
    expect(worker.MemorySize).toBe(1024);
    expect(worker.Environment.Variables).toMatchObject({ TABLE_NAME: { Ref: ids.table }, ATTACHMENTS_BUCKET: { Ref: ids.attachments } });
    expect(worker.Environment.Variables.SITE_BUCKET).toBeUndefined();

    const mapping = resourcesOf(s.template, 'AWS::Lambda::EventSourceMapping').find(
      (m) => (m.Properties.FunctionName as { Ref: string }).Ref === functionId(s.template, 'ImportWorkerHandler'),
    )!.Properties as { EventSourceArn: unknown; StartingPosition: string; MaximumRecordAgeInSeconds: number; FilterCriteria: { Filters: { Pattern: string }[] } };
    expect(mapping.EventSourceArn).toEqual({ 'Fn::GetAtt': [ids.table, 'StreamArn'] });
    expect(mapping.StartingPosition).toBe('LATEST');
    // Records written during a 15-minute run must still wake the next one.
    expect(mapping.MaximumRecordAgeInSeconds).toBeGreaterThan(15 * 60);
    expect(mapping.FilterCriteria.Filters.map((f) => JSON.parse(f.Pattern) as unknown)).toEqual([
      {
        eventName: ['INSERT', 'MODIFY'],
        dynamodb: { Keys: { pk: { S: [{ prefix: 'IMPORTJOB#' }] } }, NewImage: { status: { S: ['checking', 'applying'] } } },
      },
    ]);
    // The statuses are the ones the job module moves on, and the prefix its key's.
    expect(ImportJobStatuses.filter((status) => isActive({ status } as ImportJob))).toEqual([...IMPORT_ACTIVE_STATUSES]);
    expect(importJobKey('x').pk.startsWith('IMPORTJOB#')).toBe(true);

    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(s.template, 'ImportWorkerHandler'), 'Arn'] } })],
    });
    expect(STALE_AFTER_MS).toBe(IMPORT_SWEEP_MINUTES * 60_000);
    for (const alarm of ['ImportJobFailed', 'ImportJobStale', 'ImportWorker-Handler-Errors']) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `Shouhu-test-${alarm}` });
    }
  });

  it('grants the import worker its data functions\' operations, the stream, and the files under imports/ only', () => {
    const ids = logicalIds(s.template);
    const tableArn = { 'Fn::GetAtt': [ids.table, 'Arn'] };
    const statements = roleStatements(s.template, 'ImportWorkerHandler');
    expect(actionsOf(statements)).toEqual(
      [
        'dynamodb:BatchGetItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:DescribeStream',
        'dynamodb:GetItem',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        // The table's key through DynamoDB, the stream's Decrypt, and the cases key as S3 uses it for the bucket.
        'kms:Decrypt',
        'kms:Decrypt',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:PutObject',
        // A failed sweep goes to the dead-letter queue (infra/constructs/monitoring.ts).
        'sqs:SendMessage',
      ].sort(),
    );
    expect(withAction(statements, 'dynamodb:GetItem')[0]!.Resource).toEqual(tableArn);
    expect(withAction(statements, 'dynamodb:Query')[0]!.Resource).toEqual({ 'Fn::Join': ['', [tableArn, '/index/gsi2']] });
    const writes = withAction(statements, 'dynamodb:PutItem')[0]!;
    expect(writes.Resource).toEqual(tableArn);
    expect(writes.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INST#*', 'CREDIT#*', 'LICENCE#*', 'IMPORTJOB#*', 'LOCK#*'] } });
    expect(IMPORT_WORKER_TABLE_GRANT.writes!.partitionKeys).toContain(`${importJobKey('x').pk.slice(0, -1)}*`);
    expect(withAction(statements, 'dynamodb:GetRecords')[0]!.Resource).toEqual({ 'Fn::GetAtt': [ids.table, 'StreamArn'] });
    // The uploaded parts and the report, never a case's attachment: no read of any other object.
    expect(withAction(statements, 's3:GetObject')[0]!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.attachments, 'Arn'] }, '/imports/*']] });
    const bucketKey = withAction(statements, 'kms:GenerateDataKey').find((st) => JSON.stringify(st.Condition ?? {}).includes('s3.'))!;
    expect(bucketKey.Resource).toEqual({ 'Fn::GetAtt': [ids.key, 'Arn'] });
  });

  it('grants the publisher exactly what its data functions do: reads, the conditional UpdateItem on what it publishes, its lease, the stream and its key, the site bucket', () => {
    const ids = logicalIds(s.template);
    const tableArn = { 'Fn::GetAtt': [ids.table, 'Arn'] };
    const statements = roleStatements(s.template, 'PublisherHandler');
    expect(actionsOf(statements)).toEqual(
      [
        // Institution records a slice at a time (the full re-render, the waiting list's page).
        'dynamodb:BatchGetItem',
        'dynamodb:DeleteItem',
        'dynamodb:DescribeStream',
        'dynamodb:GetItem',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        'dynamodb:PutItem',
        'dynamodb:Query',
        // The weekly case counters, for the public timeliness page: STATS# partitions only.
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        // The table's key: through DynamoDB (Decrypt, DescribeKey, Encrypt, GenerateDataKey), and the stream's Decrypt.
        'kms:Decrypt',
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:GetObject',
        's3:ListBucket',
        's3:PutObject',
        // A failed scheduled run goes to the dead-letter queue (infra/constructs/monitoring.ts).
        'sqs:SendMessage',
      ].sort(),
    );
    expect(withAction(statements, 'dynamodb:GetItem')[0]!.Resource).toEqual(tableArn);
    expect(withAction(statements, 'dynamodb:Query')[0]!.Resource).toEqual(
      ['gsi1', 'gsi2'].map((name) => ({ 'Fn::Join': ['', [tableArn, `/index/${name}`]] })),
    );
    const counters = withAction(statements, 'dynamodb:Query')[1]!;
    expect(counters.Resource).toEqual(tableArn);
    expect(counters.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['STATS#*'] } });
    const update = withAction(statements, 'dynamodb:UpdateItem')[0]!;
    expect(update.Resource).toEqual(tableArn);
    expect(update.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INST#*', 'NOTICE#*', 'FEEGUIDE#*', 'PUBLISH#*', 'LOCK#*'] } });
    expect(withAction(statements, 'dynamodb:PutItem')[0]).toBe(update);
    // The partitions are those of the records the publisher marks.
    const prefixes = PUBLISHER_TABLE_GRANT.writes!.partitionKeys.map((k) => k.replace(/\*$/, ''));
    for (const pk of [institutionKeys.record('x').pk, noticeKeys.record('x').pk, feeGuidanceKeys.record('x').pk, publishProgressKey.pk]) {
      expect(prefixes.some((p) => pk.startsWith(p)), pk).toBe(true);
    }
    expect(withAction(statements, 'dynamodb:GetRecords')[0]!.Resource).toEqual({ 'Fn::GetAtt': [ids.table, 'StreamArn'] });
    expect(withAction(statements, 's3:PutObject')[0]!.Resource).toEqual({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.siteBucket, 'Arn'] }, '/*']] });
  });

  it('purges daily with reads of closed cases, writes to case items and its lease only, deletes of attachments only, no cases key', () => {
    const ids = logicalIds(s.template);
    const purge = functionProps(s.template, 'PurgeHandler');
    expect(purge.ReservedConcurrentExecutions).toBeUndefined();
    expect(purge.Environment.Variables).toMatchObject({ TABLE_NAME: { Ref: ids.table }, CASES_PII_RETENTION_DAYS: '365' });
    expect(purge.Environment.Variables.SITE_BUCKET).toBeUndefined();
    expect(purge.Environment.Variables.ATTACHMENTS_BUCKET).toEqual({ Ref: ids.attachments });
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 19 * * ? *)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(s.template, 'PurgeHandler'), 'Arn'] } })],
    });
    const statements = roleStatements(s.template, 'PurgeHandler');
    expect(actionsOf(statements)).toEqual(
      [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        // A case's attachment items, in its own partition only.
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        // The table's key, through DynamoDB only.
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        's3:DeleteObject',
        // A failed run goes to the dead-letter queue (infra/constructs/monitoring.ts).
        'sqs:SendMessage',
      ].sort(),
    );
    // The attachments' objects, nothing else of any bucket: no read, no list, no version deletes.
    expect(withAction(statements, 's3:DeleteObject')).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 's3:DeleteObject', Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [ids.attachments, 'Arn'] }, '/*']] } }),
    ]);
    const tableArn = { 'Fn::GetAtt': [ids.table, 'Arn'] };
    expect(withAction(statements, 'dynamodb:Query').map((st) => st.Resource)).toEqual([{ 'Fn::Join': ['', [tableArn, '/index/gsi2']] }, tableArn]);
    expect(withAction(statements, 'dynamodb:Query')[1]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*'] } });
    expect(withAction(statements, 'dynamodb:DeleteItem')[0]!.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*', 'CASEIDX#*', 'LOCK#*'] },
    });
    // Every operation the purge sends is checked against the grant in infra/grants.test.ts.
    expect(PURGE_TABLE_GRANT.writes!.partitionKeys).toEqual(['CASE#*', 'CASEIDX#*', 'LOCK#*']);
    expect(caseKeys.personal('x').pk.startsWith('CASE#')).toBe(true);
  });

  it('sends the bulk import to a function of its own with more memory and a longer timeout', () => {
    // The REST API's resources: the import's path, and {proxy+} beside it at every level.
    const all = s.template.toJSON() as { Resources: Record<string, Resource> };
    const pathOf = (id: string): string => {
      const r = all.Resources[id]!.Properties as { PathPart: string; ParentId: { Ref?: string } };
      return r.ParentId.Ref ? `${pathOf(r.ParentId.Ref)}/${r.PathPart}` : `/${r.PathPart}`;
    };
    const methods = resourcesOf(s.template, 'AWS::ApiGateway::Method').map((m) => {
      const p = m.Properties as { HttpMethod: string; ResourceId: { Ref?: string }; Integration: { Uri: unknown } };
      return { key: `${p.HttpMethod} ${p.ResourceId.Ref ? pathOf(p.ResourceId.Ref) : '/'}`, uri: JSON.stringify(p.Integration.Uri) };
    });
    const targetOf = (key: string) => {
      const uri = methods.find((m) => m.key === key)?.uri ?? '';
      return ['ApiImportHandler', 'ApiHandler'].find((prefix) => uri.includes(functionId(s.template, prefix)));
    };
    expect(targetOf(`${IMPORT_ROUTE.method} ${IMPORT_ROUTE.path}`)).toBe('ApiImportHandler');
    expect(methods.filter((m) => targetOf(m.key) === 'ApiImportHandler').map((m) => m.key)).toEqual([`${IMPORT_ROUTE.method} ${IMPORT_ROUTE.path}`]);
    for (const key of ['ANY /', 'ANY /{proxy+}', 'ANY /api/{proxy+}', 'ANY /api/admin/{proxy+}', 'ANY /api/admin/institutions/{proxy+}', `ANY ${IMPORT_ROUTE.path}`]) {
      expect(targetOf(key), key).toBe('ApiHandler');
    }
    const api = functionProps(s.template, 'ApiHandler');
    const importer = functionProps(s.template, 'ApiImportHandler');
    expect(importer.MemorySize).toBeGreaterThan(api.MemorySize);
    expect(importer.Timeout).toBe(60);
    // Same entry, same configuration; only the table (and its key) and the two secrets are granted.
    expect(Object.keys(importer.Environment.Variables).sort()).toEqual(Object.keys(api.Environment.Variables).sort());
    expect(actionsOf(roleStatements(s.template, 'ApiImportHandler')).filter((a) => !/^(dynamodb|logs|kms):/.test(a))).toEqual(['secretsmanager:GetSecretValue']);
    // Through CloudFront it is /api/*: every method, the body, every viewer header but Host.
    const behavior = behaviorFor(s.template, IMPORT_ROUTE.path);
    expect(behavior).toMatchObject({ PathPattern: API_PATH, TargetOriginId: apiOriginId(s.template), OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER });
    expect(behavior.AllowedMethods).toContain('POST');
  });

  it('keeps every bucket private, TLS-only, and logs the site and attachments buckets', () => {
    const buckets = resourcesOf(s.template, 'AWS::S3::Bucket');
    // Site, its logs, attachments, and the trail's (infra/constructs/audit-trail.ts).
    expect(buckets).toHaveLength(4);
    for (const bucket of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    const policies = resourcesOf(s.template, 'AWS::S3::BucketPolicy');
    expect(policies).toHaveLength(4);
    for (const policy of policies) {
      const statements = (policy.Properties.PolicyDocument as { Statement: { Effect: string; Principal: unknown; Condition?: unknown }[] }).Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
      // Whoever is allowed in is named: CloudFront, S3's log delivery or CloudTrail, never everyone.
      for (const st of statements.filter((x) => x.Effect === 'Allow')) {
        expect(JSON.stringify(st.Principal)).not.toMatch(/^"\*"$|"AWS":"\*"/);
      }
    }
    s.template.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^SiteLogBucket') }, LogFilePrefix: 's3/site/' },
    });
  });

  it('keeps attachments private: encrypted with the cases key, logged, retained, no one but the API (and the purge, deleting), never behind CloudFront', () => {
    const ids = logicalIds(s.template);
    s.template.hasResource('AWS::S3::Bucket', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            { BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [ids.key, 'Arn'] } } },
          ],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^SiteLogBucket') }, LogFilePrefix: 's3/attachments/' },
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    });
    // Its bucket policy allows no one (it only refuses plain HTTP).
    const policy = resourcesOf(s.template, 'AWS::S3::BucketPolicy').find((p) => JSON.stringify(p.Properties.Bucket).includes(ids.attachments))!;
    expect((policy.Properties.PolicyDocument as { Statement: { Effect: string }[] }).Statement.every((st) => st.Effect === 'Deny')).toBe(true);
    // Not an origin, and named by no role but the API's (reads and writes) and the purge's (deletes only).
    expect(JSON.stringify(distributionConfig(s.template).Origins)).not.toContain(ids.attachments);
    for (const prefix of ['ApiImportHandler', 'PublisherHandler']) {
      expect(JSON.stringify(roleStatements(s.template, prefix))).not.toContain(ids.attachments);
    }
    expect(actionsOf(roleStatements(s.template, 'PurgeHandler').filter((st) => JSON.stringify(st.Resource).includes(ids.attachments)))).toEqual([
      's3:DeleteObject',
    ]);
    expect(actionsOf(roleStatements(s.template, 'ApiHandler').filter((st) => JSON.stringify(st.Resource).includes(ids.attachments)))).toEqual([
      's3:GetObject',
      's3:PutObject',
    ]);
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

  it('sends /api/* to the REST API uncached, with every viewer header but Host', () => {
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

  it('sends the case pages to the app for every method with the body, uncached; the other pages come from the bucket', () => {
    expect(UNCACHED_APP_PATHS).toEqual(['/complaints/new*', '/refunds/new*', '/track*', '/follow*', '/elder/complaints/new*', '/elder/refunds/new*', '/elder/track*', '/elder/follow*']);
    const behaviors = distributionConfig(s.template).CacheBehaviors;
    for (const path of UNCACHED_APP_PATHS) {
      const behavior = behaviors.find((b) => b.PathPattern === path)!;
      expect(behavior).toMatchObject({
        TargetOriginId: apiOriginId(s.template),
        CachePolicyId: CACHING_DISABLED,
        OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST_HEADER,
        ViewerProtocolPolicy: 'https-only',
      });
      expect(behavior.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST']));
    }
    for (const page of ['/complaints/new/', '/refunds/new/', '/track/', '/track', '/elder/complaints/new/', '/elder/track/']) {
      expect(behaviorFor(s.template, page), page).toMatchObject({ TargetOriginId: apiOriginId(s.template), CachePolicyId: CACHING_DISABLED });
    }
    const config = distributionConfig(s.template);
    for (const page of ['/', '/institutions/', '/institutions/abc/', '/fees/', '/notices/', '/elder/', '/elder/institutions/abc/']) {
      expect(behaviorFor(s.template, page), page).toBe(config.DefaultCacheBehavior);
    }
    expect(behaviorFor(s.template, '/institutions/search/')).toMatchObject({ PathPattern: '/institutions/search*', AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
    expect(behaviorFor(s.template, '/fees/check/')).toMatchObject({ PathPattern: '/fees/check*', AllowedMethods: ['GET', 'HEAD', 'OPTIONS'] });
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
    s.template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'live',
      AccessLogSetting: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: Match.anyValue(), ThrottlingBurstLimit: Match.anyValue() })],
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

  it('has the same jobs, key and attachments bucket in China', () => {
    // The publisher's and the import worker's: DynamoDB Streams and Lambda's event filtering are both in the China regions.
    s.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    s.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
    s.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
    s.template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 19 * * ? *)' });
    s.template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    // S3's use of the key names the China endpoint (amazonaws.com.cn comes from AWS::URLSuffix).
    expect(s.json).toContain('"s3.cn-north-1."');
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
    // The case pages as /api/*: the same headers (Content-Type, Origin, Sec-Fetch-Site), cookies, never cached.
    for (const path of UNCACHED_APP_PATHS) {
      const form = config.CacheBehaviors.find((b) => b.PathPattern === path)!;
      expect(form).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 0, ForwardedValues: api.ForwardedValues, TargetOriginId: api.TargetOriginId });
      expect(form.AllowedMethods).toContain('POST');
    }
    for (const path of PUBLIC_API_PATHS) {
      expect(config.CacheBehaviors.find((b) => b.PathPattern === path)).toMatchObject({ MinTTL: 0, DefaultTTL: 0, MaxTTL: 60, ForwardedValues: { QueryString: true } });
    }
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

describe('the stack with a message sender (China, Alibaba Cloud SMS)', () => {
  const secretArn = 'arn:aws-cn:secretsmanager:cn-north-1:123456789012:secret:shouhu-sms-AbCdEf';
  let s: Synthesised;
  beforeAll(() => {
    s = synth({
      region: 'cn-north-1',
      account: '123456789012',
      code: inlineCode(),
      notifier: { kind: 'aliyun', signName: '守护', templates: { case_received: 'SMS_1' }, credentialsSecretArn: secretArn },
    });
  });

  it('passes cdk-nag with nothing unacknowledged', () => {
    expect(s.violations).toEqual([]);
  });

  it('runs every minute, one at a time, with Decrypt (never GenerateDataKey) for the case context, its secret, claims on case items only', () => {
    const fn = functionProps(s.template, 'NotifyHandler');
    // No reserved concurrency (issue 9): the claims on each message keep two runs apart.
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
    expect(fn.Environment.Variables).toMatchObject({ NOTIFIER: 'aliyun', NOTIFY_SIGN_NAME: '守护', NOTIFY_CREDENTIALS_SECRET_ARN: secretArn });
    expect(JSON.stringify(fn.Environment.Variables)).not.toMatch(/secret"\s*:/i);
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [functionId(s.template, 'NotifyHandler'), 'Arn'] } })],
    });
    const statements = roleStatements(s.template, 'NotifyHandler');
    expect(actionsOf(statements)).toEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        // A centre's followers: Query of its FOLLOW# partition only.
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        // The cases key: Decrypt of a case's data key, and of a follower's (below).
        'kms:Decrypt',
        'kms:Decrypt',
        // The table's key, through DynamoDB only.
        'kms:Decrypt',
        'kms:DescribeKey',
        'kms:Encrypt',
        'kms:GenerateDataKey',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        // The provider's keys, and AUTH_SECRET for the unsubscribe links (one statement, two secrets).
        'secretsmanager:GetSecretValue',
        'sqs:SendMessage',
      ].sort(),
    );
    // GenerateDataKey only as DynamoDB uses the table's key, never on the cases key.
    for (const st of withAction(statements, 'kms:GenerateDataKey')) expect(st.Condition).toMatchObject({ StringEquals: { 'kms:ViaService': expect.anything() } });
    expect(withAction(statements, 'dynamodb:UpdateItem')[0]!.Condition).toEqual({ 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['CASE#*', 'FOLLOW#*', 'INST#*'] } });
    const secrets = withAction(statements, 'secretsmanager:GetSecretValue').flatMap((st) => [st.Resource].flat());
    expect(secrets).toHaveLength(2);
    expect(secrets).toContain(secretArn);
    expect(fn.Environment.Variables.AUTH_SECRET_ARN).toBeDefined();
    // Decrypt of followers' mobiles under the follow context only.
    expect(withAction(statements, 'kms:Decrypt').some((st) => JSON.stringify(st.Condition ?? {}).includes('"follow"'))).toBe(true);
    expect(withAction(statements, 'kms:Decrypt').some((st) => JSON.stringify(st.Condition ?? {}).includes('kms:EncryptionContextKeys'))).toBe(true);
  });

  it('is not deployed when no provider is configured', () => {
    const plain = synth({ region: 'cn-north-1', account: '123456789012', code: inlineCode() });
    expect(plain.stack.notify).toBeUndefined();
    expect(plain.json).not.toContain('functions/jobs/notify.ts');
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
    // QR codes and feeds name the domain, not the distribution.
    expect(functionProps(s.template, 'PublisherHandler').Environment.Variables.PUBLIC_ORIGIN).toBe('https://shouhu.example.cn');
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

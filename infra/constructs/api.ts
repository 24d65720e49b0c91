/**
 * The API: the one Hono app (functions/lambda.ts, `export const handler`) behind
 * an API Gateway REST API (regional endpoint) with an AWS WAF web ACL. A REST
 * API, not an HTTP API, because WAF attaches to REST API stages only, and in
 * China WAF exists at the regional level only (docs/deploy.md, "The API's WAF").
 *
 * CloudFront sends `/api/*` and the paths of infra/routes.ts (APP_PATHS) to the
 * stage `live` with the origin path `/live`, so the app sees the viewer's path
 * unchanged (a REST API's Lambda event carries the path without the stage).
 * Every request is access-logged; the stage throttles so a flood costs little;
 * the web ACL blocks a viewer address past `wafRateLimit` requests in five
 * minutes, and what the AWS managed rule groups of the partition match.
 *
 * Two functions run the same entry:
 * - `handler`, on every path: everything, bundled without the spreadsheet
 *   readers (exceljs, iconv-lite; infra/constructs/bundling.ts);
 * - `importHandler`, on `POST /api/admin/institutions/import` only: the full
 *   bundle, more memory, a longer timeout. API Gateway still answers the client
 *   after at most 29 s (a REST API's default integration timeout); the function
 *   may run on to finish its writes, and the import is safe to send again.
 *
 * Their environment (functions/config.ts), the same for both so the entry reads
 * the same configuration: TABLE_NAME and SITE_BUCKET from the bindings;
 * AUTH_SECRET_ARN and ORIGIN_SECRET_ARN, the ARNs of two generated Secrets
 * Manager secrets the app reads at run time (never their values: nothing secret
 * is in a function's configuration); CLIENT_IP_SOURCE (where the viewer's
 * address is, per partition: infra/region.ts); SITE_ORIGINS (the domain, or the
 * distribution's name: `allowSiteOrigins`); CASES_KMS_KEY_ID, ATTACHMENTS_BUCKET
 * and CASES_PII_RETENTION_DAYS from `bindCases`. Grants differ: the import
 * function gets the table and the two secrets only.
 *
 * The origin lock: the secret `originSecret` holds `{"header":"…","accepted":[]}`.
 * CloudFront adds `x-shouhu-origin: <header>` to every request to the API (a
 * CloudFormation dynamic reference, resolved at deploy time into the
 * distribution's configuration); the app refuses with 403 a request whose
 * header is neither `header` nor one of `accepted`, so the API's own endpoint
 * serves nothing to anyone who bypasses CloudFront. Rotation: docs/deploy.md.
 */
import { Aws, Duration, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import type { ManagedRuleGroup } from '../region.ts';
import { IMPORT_ROUTE } from '../routes.ts';
import { NODE22_REASON, ShouhuFunction } from './api-function.ts';
import { lambdaFunctions } from './bundling.ts';
import type { ShouhuCaseData } from './cases.ts';
import type { BindableTable } from './data.ts';

/** The stage CloudFront calls; its name is CloudFront's origin path. */
export const API_STAGE_NAME = 'live';
/** The header CloudFront adds to every request to the API, with the origin secret's `header` value. */
export const ORIGIN_HEADER = 'x-shouhu-origin';

/**
 * Rules of AWSManagedRulesCommonRuleSet only counted, not blocking: SizeRestrictions_BODY blocks
 * bodies over 8 KB, and the staff's spreadsheet import and the case forms' attachments are larger
 * (the app limits sizes itself, shared/ schemas).
 */
export const WAF_COUNT_ONLY_RULES: Record<string, readonly string[]> = {
  AWSManagedRulesCommonRuleSet: ['SizeRestrictions_BODY'],
};
/** The audit log's partitions (functions/data/audit.ts): entries are added, never changed. */
export const AUDIT_PARTITIONS = ['AUDIT#*'] as const;

export interface ShouhuApiProps {
  table: BindableTable;
  architecture: 'arm64' | 'x86_64';
  /** @default 1,000 requests a second, bursts of 2,000: a province's surge (infra/config.ts `API_THROTTLE`, with its reasoning). */
  throttle?: { rateLimit: number; burstLimit: number };
  /**
   * Requests one viewer address may make in five minutes before the web ACL blocks it.
   * @default 2000: about 7 a second sustained, far above a parent's use (a search is one
   * request, a page a few), and room for a school or a mobile carrier's NAT sharing an address.
   */
  wafRateLimit?: number;
  /** AWS managed rule groups available in the partition (infra/region.ts). */
  managedRuleGroups: readonly ManagedRuleGroup[];
  /**
   * The origin secret's version CloudFront sends (`-c originSecretVersionId`). CloudFormation
   * resolves a dynamic reference only when the template changes, so a rotation names the new
   * version. @default the current version (AWSCURRENT)
   */
  originSecretVersionId?: string;
  /** CLIENT_IP_SOURCE: where the app reads the viewer's address (infra/region.ts). */
  clientIpSource: string;
  logRetention?: logs.RetentionDays;
  /**
   * The origins the site is served from (`https://name`), when it has a domain. Without one
   * the stack names the distribution later (`allowSiteOrigins`): the app cannot tell the site's
   * origin by itself, since CloudFront does not forward Host.
   */
  siteOrigins?: string[];
  /** Tests only: skip bundling (see ShouhuFunctionProps.code). */
  code?: lambda.Code;
}

export class ShouhuApi extends Construct {
  readonly handler: ShouhuFunction;
  /** The same app for the bulk import only, with exceljs and iconv-lite bundled. */
  readonly importHandler: ShouhuFunction;
  /** The stage's access log (JSON, one line a request, with `status`): the monitoring counts 5xx and 429 from it. */
  readonly accessLogs: logs.LogGroup;
  readonly restApi: apigateway.RestApi;
  readonly stage: apigateway.Stage;
  readonly webAcl: wafv2.CfnWebACL;
  /** The key for HMACs of client addresses and user names (rate limits, audit log). */
  readonly authSecret: secretsmanager.Secret;
  /** `{"header":"…","accepted":[…]}`: what CloudFront sends in ORIGIN_HEADER, and what the app also accepts. */
  readonly originSecret: secretsmanager.Secret;
  /** The API's own host name, `{id}.execute-api.{region}.amazonaws.com(.cn)`, for CloudFront's origin. */
  readonly originDomainName: string;
  /** CloudFront's origin path: `/live`. */
  readonly originPath: string;
  /** The header CloudFront adds to requests to the API (a dynamic reference to the origin secret). */
  readonly originHeaders: Record<string, string>;
  /** `https://{id}.execute-api…/live/`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ShouhuApiProps) {
    super(scope, id);

    this.handler = new ShouhuFunction(this, 'Handler', {
      entry: lambdaFunctions.api.entry,
      variant: lambdaFunctions.api.variant,
      description: 'Shouhu API (Hono app, functions/lambda.ts), without the spreadsheet import',
      // The search index lives in memory (infra/constructs/bundling.ts says why this size).
      memorySize: lambdaFunctions.api.memoryMb,
      architecture: props.architecture,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      ...(props.code ? { code: props.code } : {}),
    });
    // The one API function serves the public and staff: it reads and writes the registry.
    this.handler.bindTable({ table: props.table, access: 'readwrite' });
    // The audit log is append-only: no update or delete of its entries, even by mistake.
    this.handler.denyChanges({ table: props.table, partitionKeys: AUDIT_PARTITIONS });

    this.importHandler = new ShouhuFunction(this, 'ImportHandler', {
      entry: lambdaFunctions.import.entry,
      variant: lambdaFunctions.import.variant,
      description: `Shouhu API, ${IMPORT_ROUTE.method} ${IMPORT_ROUTE.path} only (same app, exceljs and iconv-lite bundled)`,
      architecture: props.architecture,
      // A whole vCPU (Lambda's CPU share grows with memory): parsing 10,000 rows of XLSX is CPU-bound.
      memorySize: 1769,
      timeout: Duration.seconds(60),
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      ...(props.code ? { code: props.code } : {}),
    });
    // The import reads and writes institutions, and signs staff in (sessions, rate limits, audit).
    this.importHandler.bindTable({ table: props.table, access: 'readwrite' });
    this.importHandler.denyChanges({ table: props.table, partitionKeys: AUDIT_PARTITIONS });

    this.authSecret = new secretsmanager.Secret(this, 'AuthSecret', {
      description: 'Shouhu AUTH_SECRET: HMAC key for client addresses and user names in rate-limit keys and the audit log',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Audit entries hashed with it stay comparable only while it exists.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.authSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: the key hashes client addresses and user names in rate-limit keys and the audit log, and rotating it would make earlier audit entries impossible to match. Rotation is a planned, manual step (docs/deploy.md).',
    });

    this.originSecret = new secretsmanager.Secret(this, 'OriginSecret', {
      description: `Shouhu origin lock: CloudFront sends "header" in ${ORIGIN_HEADER}; the API accepts "header" and each of "accepted"`,
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ accepted: [] }),
        generateStringKey: 'header',
        passwordLength: 48,
        excludePunctuation: true,
        includeSpace: false,
      },
    });
    Validations.of(this.originSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Rotated by hand in three steps without downtime (docs/deploy.md, "Rotate the origin secret"): CloudFront takes the new value only at a deploy, which a rotation Lambda cannot do.',
    });
    this.originHeaders = {
      // `{{resolve:secretsmanager:<arn>:SecretString:header}}`, resolved by CloudFormation into the distribution only.
      [ORIGIN_HEADER]: SecretValue.secretsManager(this.originSecret.secretArn, {
        jsonField: 'header',
        ...(props.originSecretVersionId ? { versionId: props.originSecretVersionId } : {}),
      }).unsafeUnwrap(),
    };

    // The app reads both at run time (cached), by ARN; only these two secrets, read-only.
    for (const fn of [this.handler, this.importHandler]) {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['secretsmanager:GetSecretValue'],
          resources: [this.authSecret.secretArn, this.originSecret.secretArn],
        }),
      );
    }
    this.setEnvironment('AUTH_SECRET_ARN', this.authSecret.secretArn);
    this.setEnvironment('ORIGIN_SECRET_ARN', this.originSecret.secretArn);
    this.setEnvironment('CLIENT_IP_SOURCE', props.clientIpSource);
    if (props.siteOrigins?.length) this.allowSiteOrigins(props.siteOrigins);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.SIX_MONTHS,
    });
    this.accessLogs = accessLogs;
    const throttle = props.throttle ?? { rateLimit: 1000, burstLimit: 2000 };

    // Every path and method to the app, which answers every path itself (404 included); the
    // import path to its own function for POST. `*/*`: bodies and answers pass as bytes
    // (spreadsheets, attachments, QR codes), the Lambda event carries them in base64.
    this.restApi = new apigateway.RestApi(this, 'RestApi', {
      description: 'Shouhu API, reached through CloudFront at /api/* and the server-rendered paths of infra/routes.ts',
      endpointConfiguration: { types: [apigateway.EndpointType.REGIONAL] },
      binaryMediaTypes: ['*/*'],
      // API Gateway writes access logs with an account-wide role; a new account has none.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE_NAME,
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integration.error',
            wafStatus: '$context.waf.status',
            userAgent: '$context.identity.userAgent',
            // No source IP: parents' addresses are personal information we have no need to keep.
          }),
        ),
      },
    });
    const app = new apigateway.LambdaIntegration(this.handler, { proxy: true });
    const importApp = new apigateway.LambdaIntegration(this.importHandler, { proxy: true, timeout: Duration.seconds(29) });
    // ANY and {proxy+} at every level of the import's path, so that a path beside it still reaches the app.
    let resource: apigateway.IResource = this.restApi.root;
    resource.addMethod('ANY', app);
    resource.addProxy({ defaultIntegration: app, anyMethod: true });
    for (const part of IMPORT_ROUTE.path.split('/').filter(Boolean)) {
      resource = resource.addResource(part);
      resource.addMethod('ANY', app);
      if (!IMPORT_ROUTE.path.endsWith(`/${part}`)) resource.addProxy({ defaultIntegration: app, anyMethod: true });
    }
    resource.addMethod(IMPORT_ROUTE.method, importApp);
    this.stage = this.restApi.deploymentStage;

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      description: 'Shouhu API: per-viewer rate limit and AWS managed rules',
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'ShouhuApi', sampledRequestsEnabled: true },
      rules: [
        {
          name: 'PerViewerRate',
          priority: 0,
          action: { block: {} },
          statement: {
            rateBasedStatement: {
              // In the default window of five minutes (EvaluationWindowSec is left out: newer than the rest).
              limit: props.wafRateLimit ?? 2000,
              // Behind CloudFront the connecting address is CloudFront's: count the viewer's, the first
              // X-Forwarded-For entry (WAF's choice for rate rules). A client can forge that entry to
              // spread its count; the app's own limits read the entry CloudFront wrote (CLIENT_IP_SOURCE).
              // MATCH: a request without the header, which CloudFront always adds, is blocked.
              aggregateKeyType: 'FORWARDED_IP',
              forwardedIpConfig: { headerName: 'X-Forwarded-For', fallbackBehavior: 'MATCH' },
            },
          },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'ShouhuApiPerViewerRate', sampledRequestsEnabled: true },
        },
        ...props.managedRuleGroups.map((group, index) => ({
          name: group.name,
          priority: index + 1,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: {
              vendorName: 'AWS',
              name: group.name,
              ...(WAF_COUNT_ONLY_RULES[group.name]
                ? { ruleActionOverrides: WAF_COUNT_ONLY_RULES[group.name]!.map((name) => ({ name, actionToUse: { count: {} } })) }
                : {}),
            },
          },
          visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: `ShouhuApi${group.name}`, sampledRequestsEnabled: true },
        })),
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'WebAclAssociation', {
      resourceArn: this.stage.stageArn,
      webAclArn: this.webAcl.attrArn,
    });

    this.originDomainName = `${this.restApi.restApiId}.execute-api.${Stack.of(this).region}.${Aws.URL_SUFFIX}`;
    this.originPath = `/${API_STAGE_NAME}`;
    this.url = this.restApi.url;

    for (const fn of [this.handler, this.importHandler]) Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: NODE22_REASON });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG2',
      reason:
        'Requests are validated in the app, against the zod schemas of shared/ that also make the OpenAPI document, with field-level messages; a second, coarser validation here would answer differently.',
    });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'A public service: parents read guidance and file reports without an account. Who may do what is decided in the Hono app (functions/app.ts), which answers 401/403 itself; requests that did not come through CloudFront are refused by the origin lock.',
    });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-COG4',
      reason:
        'No Cognito user pool authorizer: staff sign in with the app\'s own sessions (functions/auth), and Cognito user pools do not exist in the China regions.',
    });
    Validations.of(this.restApi).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason:
        "API Gateway's account-wide CloudWatch role, which access logging needs: AWS's own managed policy for exactly that, attached by aws-cdk-lib (cloudWatchRole).",
    });
  }

  /**
   * SITE_ORIGINS: the origins staff writes and the families' forms may come from (functions/config.ts).
   * Without a domain the stack passes the distribution's own name: the distribution refers only to
   * the REST API (its id) and the origin secret, never to the functions or the stage, so the
   * functions may refer to it.
   */
  allowSiteOrigins(origins: string[]): void {
    this.setEnvironment('SITE_ORIGINS', origins.join(','));
  }

  /** Sets a variable on both functions: they run the same entry, which reads the same configuration. */
  private setEnvironment(name: string, value: string): void {
    for (const fn of [this.handler, this.importHandler]) fn.addEnvironment(name, value);
  }

  /**
   * The site bucket holds what the app reads by key: the search file and its delta, the page shell.
   * The import function never reads it, but the entry needs SITE_BUCKET to start.
   */
  bindSiteBucket(bucket: s3.IBucket): void {
    this.handler.bindBucket({ bucket, access: 'read', env: 'SITE_BUCKET' });
    this.importHandler.addEnvironment('SITE_BUCKET', bucket.bucketName);
    Validations.of(this.handler.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        'The API reads published files by key (data/search-index.bin and data/search-delta.json, the summaries, the page shell) and their names change with what is published: read-only s3:GetObject on the site bucket\'s objects.',
    });
  }

  /**
   * Complaints and refund disputes: the API wraps and unwraps case data keys with the
   * cases key (key-scoped, context-bound) and reads and writes attachments. The import
   * function gets the variables (the entry reads them at start) and no grant.
   */
  bindCases(cases: ShouhuCaseData, options: { retentionDays: number }): void {
    cases.grantCaseKey(this.handler);
    // Following a centre seals the follower's mobile (functions/follow/service.ts); only the sender opens it.
    cases.grantFollowKey(this.handler, ['kms:GenerateDataKey']);
    cases.grantStaffKey(this.handler);
    cases.grantAttachments(this.handler);
    // The key's ARN, not an alias: Decrypt is pinned to this exact key (functions/crypto/kms-key-provider.ts).
    this.setEnvironment('CASES_KMS_KEY_ID', cases.key.keyArn);
    this.setEnvironment('ATTACHMENTS_BUCKET', cases.attachments.bucketName);
    this.setEnvironment('CASES_PII_RETENTION_DAYS', String(options.retentionDays));
    Validations.of(this.handler.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(cases.attachments.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        "Attachments are read and written by key (one object per file, named by case and attachment id): s3:GetObject and s3:PutObject on the attachments bucket's objects, no listing.",
    });
  }
}

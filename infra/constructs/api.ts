/**
 * The API: the one Hono app (functions/lambda.ts, `export const handler`) behind
 * an API Gateway HTTP API. CloudFront sends it `/api/*` and the paths in
 * infra/routes.ts (APP_PATHS) with the path unchanged, to the `$default` stage
 * (no stage prefix). Every request is access-logged; the stage throttles so a
 * flood costs little.
 *
 * Two functions run the same entry:
 * - `handler`, on the `$default` route: everything, bundled without the
 *   spreadsheet readers (exceljs, iconv-lite; infra/constructs/bundling.ts);
 * - `importHandler`, on `POST /api/admin/institutions/import` only: the full
 *   bundle, more memory, a longer timeout. API Gateway still answers the client
 *   after at most 30 s (an HTTP API's integration limit); the function may run
 *   on to finish its writes, and the import is safe to send again.
 *
 * Their environment (functions/config.ts), the same for both so the entry reads
 * the same configuration: TABLE_NAME and SITE_BUCKET from the bindings,
 * AUTH_SECRET from a generated Secrets Manager secret, SITE_ORIGINS (the domain,
 * or the distribution's name: `allowSiteOrigins`), CASES_KMS_KEY_ID, ATTACHMENTS_BUCKET and
 * CASES_PII_RETENTION_DAYS from `bindCases`. Grants differ: the import function
 * gets the table only.
 */
import { Aws, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { IMPORT_ROUTE } from '../routes.ts';
import { NODE22_REASON, ShouhuFunction } from './api-function.ts';
import { lambdaFunctions } from './bundling.ts';
import type { ShouhuCaseData } from './cases.ts';
import type { BindableTable } from './data.ts';

/** The audit log's partitions (functions/data/audit.ts): entries are added, never changed. */
export const AUDIT_PARTITIONS = ['AUDIT#*'] as const;

export interface ShouhuApiProps {
  table: BindableTable;
  architecture: 'arm64' | 'x86_64';
  /** @default 50 requests a second, bursts of 100: far above a public service's need, far below a bill's. */
  throttle?: { rateLimit: number; burstLimit: number };
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
  readonly httpApi: apigw.HttpApi;
  /** The key for HMACs of client addresses and user names (rate limits, audit log). */
  readonly authSecret: secretsmanager.Secret;
  /** The API's own host name, `{id}.execute-api.{region}.amazonaws.com(.cn)`, for CloudFront's origin. */
  readonly originDomainName: string;

  constructor(scope: Construct, id: string, props: ShouhuApiProps) {
    super(scope, id);

    this.handler = new ShouhuFunction(this, 'Handler', {
      entry: lambdaFunctions.api.entry,
      variant: lambdaFunctions.api.variant,
      description: 'Shouhu API (Hono app, functions/lambda.ts), without the spreadsheet import',
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
    // Resolved by CloudFormation at deploy time (a dynamic reference, not in the template);
    // the value is in the function's configuration, encrypted at rest by Lambda.
    this.setEnvironment('AUTH_SECRET', this.authSecret.secretValue.unsafeUnwrap());
    Validations.of(this.authSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: the key hashes client addresses and user names in rate-limit keys and the audit log, and rotating it would make earlier audit entries impossible to match. Rotation is a planned, manual step (docs/deploy.md).',
    });
    if (props.siteOrigins?.length) this.allowSiteOrigins(props.siteOrigins);

    // The $default route: CloudFront sends /api/* and the paths of APP_PATHS, and the Hono app
    // answers every path itself (404 included), so routes are not repeated here, but for the
    // one that has a function of its own.
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Shouhu API, reached through CloudFront at /api/* and the server-rendered paths of infra/routes.ts',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('App', this.handler, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    this.httpApi.addRoutes({
      path: IMPORT_ROUTE.path,
      methods: [apigw.HttpMethod[IMPORT_ROUTE.method]],
      integration: new HttpLambdaIntegration('Import', this.importHandler, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
        // The HTTP API's default and largest integration timeout (30 s): the client's answer comes by then.
      }),
    });
    const routes = this.httpApi.node.children.filter((c) => c instanceof apigw.HttpRoute);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
    });
    const throttle = props.throttle ?? { rateLimit: 50, burstLimit: 100 };
    new apigw.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            method: '$context.httpMethod',
            path: '$context.path',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            integrationLatencyMs: '$context.integrationLatency',
            integrationError: '$context.integrationErrorMessage',
            userAgent: '$context.identity.userAgent',
            // No source IP: parents' addresses are personal information we have no need to keep.
          }),
        ),
      },
    });

    this.originDomainName = `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Aws.URL_SUFFIX}`;

    for (const fn of [this.handler, this.importHandler]) Validations.of(fn).acknowledge({ id: 'AwsSolutions-L1', reason: NODE22_REASON });
    for (const r of routes) {
      Validations.of(r).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'A public service: parents read guidance and file reports without an account. Who may do what is decided in the Hono app (functions/app.ts), which answers 401/403 itself; Cognito user pools, the usual API Gateway authorizer, do not exist in the China regions.',
      });
    }
  }

  /**
   * SITE_ORIGINS: the origins staff writes and the families' forms may come from (functions/config.ts).
   * Without a domain the stack passes the distribution's own name: the distribution refers only to
   * the HTTP API (its id), never to the functions, so the functions may refer to it.
   */
  allowSiteOrigins(origins: string[]): void {
    this.setEnvironment('SITE_ORIGINS', origins.join(','));
  }

  /** Sets a variable on both functions: they run the same entry, which reads the same configuration. */
  private setEnvironment(name: string, value: string): void {
    for (const fn of [this.handler, this.importHandler]) fn.addEnvironment(name, value);
  }

  /**
   * The site bucket holds what the app reads by key: the search snapshot, the page shell.
   * The import function never reads it, but the entry needs SITE_BUCKET to start.
   */
  bindSiteBucket(bucket: s3.IBucket): void {
    this.handler.bindBucket({ bucket, access: 'read', env: 'SITE_BUCKET' });
    this.importHandler.addEnvironment('SITE_BUCKET', bucket.bucketName);
    Validations.of(this.handler.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        'The API reads published files by key (data/search-snapshot.json, the page shell) and their names change with what is published: read-only s3:GetObject on the site bucket\'s objects.',
    });
  }

  /**
   * Complaints and refund disputes: the API wraps and unwraps case data keys with the
   * cases key (key-scoped, context-bound) and reads and writes attachments. The import
   * function gets the variables (the entry reads them at start) and no grant.
   */
  bindCases(cases: ShouhuCaseData, options: { retentionDays: number }): void {
    cases.grantCaseKey(this.handler);
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

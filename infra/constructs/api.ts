/**
 * The API: the one Hono app (functions/lambda.ts, `export const handler`) behind
 * an API Gateway HTTP API. CloudFront sends it `/api/*` and `/institutions/search*`
 * with the path unchanged, to the `$default` route of the `$default` stage (no stage prefix).
 * Every request is access-logged; the stage throttles so a flood costs little.
 *
 * The function's environment (functions/config.ts): TABLE_NAME and SITE_BUCKET
 * from the bindings, AUTH_SECRET from a generated Secrets Manager secret, and
 * SITE_ORIGINS when the site has its own domain.
 */
import { Aws, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { join } from 'node:path';
import { ShouhuFunction } from './api-function.ts';
import type { BindableTable } from './data.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

export interface ShouhuApiProps {
  table: BindableTable;
  architecture: 'arm64' | 'x86_64';
  /** @default 50 requests a second, bursts of 100: far above a public service's need, far below a bill's. */
  throttle?: { rateLimit: number; burstLimit: number };
  logRetention?: logs.RetentionDays;
  /**
   * The origins the site is served from (`https://name`), when it has a domain.
   * Without one the app cannot tell the site's origin (CloudFront does not forward Host,
   * and naming the distribution here would be a circular reference): see docs/deploy.md.
   */
  siteOrigins?: string[];
  /** Tests only: skip bundling (see ShouhuFunctionProps.code). */
  code?: lambda.Code;
}

export class ShouhuApi extends Construct {
  readonly handler: ShouhuFunction;
  readonly httpApi: apigw.HttpApi;
  /** The key for HMACs of client addresses and user names (rate limits, audit log). */
  readonly authSecret: secretsmanager.Secret;
  /** The API's own host name, `{id}.execute-api.{region}.amazonaws.com(.cn)`, for CloudFront's origin. */
  readonly originDomainName: string;

  constructor(scope: Construct, id: string, props: ShouhuApiProps) {
    super(scope, id);

    this.handler = new ShouhuFunction(this, 'Handler', {
      entry: join(repoRoot, 'functions', 'lambda.ts'),
      description: 'Shouhu API (Hono app, functions/lambda.ts)',
      architecture: props.architecture,
      ...(props.logRetention ? { logRetention: props.logRetention } : {}),
      ...(props.code ? { code: props.code } : {}),
    });
    // The one API function serves the public and staff: it reads and writes the registry.
    this.handler.bindTable({ table: props.table, access: 'readwrite' });

    this.authSecret = new secretsmanager.Secret(this, 'AuthSecret', {
      description: 'Shouhu AUTH_SECRET: HMAC key for client addresses and user names in rate-limit keys and the audit log',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      // Audit entries hashed with it stay comparable only while it exists.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Resolved by CloudFormation at deploy time (a dynamic reference, not in the template);
    // the value is in the function's configuration, encrypted at rest by Lambda.
    this.handler.addEnvironment('AUTH_SECRET', this.authSecret.secretValue.unsafeUnwrap());
    Validations.of(this.authSecret).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'No automatic rotation: the key hashes client addresses and user names in rate-limit keys and the audit log, and rotating it would make earlier audit entries impossible to match. Rotation is a planned, manual step (docs/deploy.md).',
    });
    if (props.siteOrigins?.length) this.handler.addEnvironment('SITE_ORIGINS', props.siteOrigins.join(','));

    // One $default route: CloudFront sends /api/* and /institutions/search*, and the Hono app
    // answers every path itself (404 included), so routes are not repeated here.
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      description: 'Shouhu API, reached through CloudFront at /api/* and /institutions/search*',
      createDefaultStage: false,
      defaultIntegration: new HttpLambdaIntegration('App', this.handler, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
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

    for (const r of routes) {
      Validations.of(r).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'A public service: parents read guidance and file reports without an account. Who may do what is decided in the Hono app (functions/app.ts), which answers 401/403 itself; Cognito user pools, the usual API Gateway authorizer, do not exist in the China regions.',
      });
    }
  }

  /** The site bucket holds what the app reads by key: the search snapshot, the page shell. */
  bindSiteBucket(bucket: s3.IBucket): void {
    this.handler.bindBucket({ bucket, access: 'read', env: 'SITE_BUCKET' });
    Validations.of(this.handler.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(bucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        'The API reads published files by key (data/search-snapshot.json, the page shell) and their names change with what is published: read-only s3:GetObject on the site bucket\'s objects.',
    });
  }
}

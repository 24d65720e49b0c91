/**
 * The one stack: the table, the API, the site, the case data (key and
 * attachments) and the jobs (publisher, purge, import worker, message sender),
 * one construct each.
 * Everything it needs to know about the target comes in as props from the app
 * entry (infra/app.ts); nothing here reads the environment.
 */
import { Aspects, AspectPriority, CfnOutput, DefaultStackSynthesizer, Stack, Tags, Token, Validations, type StackProps } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { CfnBucket } from 'aws-cdk-lib/aws-s3';
import type { Construct } from 'constructs';
import { ShouhuApi } from './constructs/api.ts';
import { ShouhuFunction } from './constructs/api-function.ts';
import { ShouhuAuditTrail } from './constructs/audit-trail.ts';
import { ShouhuBackup } from './constructs/backup.ts';
import { CertificateExpiryWatch } from './constructs/cert-expiry.ts';
import { ExistingTable } from './constructs/existing-table.ts';
import { LogRetentionFloor } from './constructs/log-retention.ts';
import { ShouhuMonitoring } from './constructs/monitoring.ts';
import { ShouhuCaseData } from './constructs/cases.ts';
import { ShouhuTable } from './constructs/data.ts';
import { ShouhuImportWorker, ShouhuNotifyJob, ShouhuPublisher, ShouhuPurgeJob, type NotifyJobSettings } from './constructs/jobs.ts';
import { ShouhuSite, type SiteDomain } from './constructs/site.ts';
import type { RegionCapabilities } from './region.ts';

export interface ShouhuStackProps extends StackProps {
  /** dev, staging, prod…: part of the stack name and a tag. */
  stage: string;
  capabilities: RegionCapabilities;
  domain?: SiteDomain;
  /** The built site to upload (site/dist), when it exists. */
  siteAssetsDir?: string;
  /** Days after a case is closed before its personal data is deleted. @default 365 */
  casesRetentionDays?: number;
  /** The API stage's throttle. @default 50 a second, bursts of 100 */
  apiThrottle?: { rateLimit: number; burstLimit: number };
  /** The web ACL's per-viewer limit, requests in five minutes. @default 2000 */
  wafRateLimit?: number;
  /** The origin secret's version CloudFront sends (rotation). @default AWSCURRENT */
  originSecretVersionId?: string;
  /** Tests only: deploy this instead of the esbuild bundles of every function. */
  functionCode?: lambda.Code;
  /** Logs, alarms, backups and the table's identity (infra/config.ts, OperationsConfig). */
  operations?: StackOperations;
  /**
   * Text messages to families (functions/jobs/notify.ts): the provider and its settings. Unset:
   * no sender is deployed, and messages wait in the table (nothing is lost; they go once it is).
   */
  notifier?: NotifyJobSettings;
}

export interface StackOperations {
  /** @default 180 */
  logRetentionDays?: number;
  alarmEmail?: string;
  /** @default 35 days, no copy */
  backup?: { retentionDays: number; copyRegion?: string };
  /** Use this table (restored) instead of creating one. */
  existingTable?: { tableName: string; tableStreamArn: string };
  /** How many of the table's indexes to declare (all by default; infra/config.ts `tableIndexes`). */
  tableIndexes?: number;
  /** The IAM server certificate to watch for expiry. */
  iamCertificateName?: string;
}

export class ShouhuStack extends Stack {
  readonly data: ShouhuTable | ExistingTable;
  readonly api: ShouhuApi;
  readonly site: ShouhuSite;
  readonly cases: ShouhuCaseData;
  readonly publisher: ShouhuPublisher;
  readonly purge: ShouhuPurgeJob;
  readonly importWorker: ShouhuImportWorker;
  readonly notify: ShouhuNotifyJob | undefined;
  readonly trail: ShouhuAuditTrail;
  readonly backup: ShouhuBackup;
  readonly monitoring: ShouhuMonitoring;

  constructor(scope: Construct, id: string, props: ShouhuStackProps) {
    super(scope, id, props);
    const caps = props.capabilities;

    const ops = props.operations ?? {};
    const logRetentionDays = ops.logRetentionDays ?? 180;
    // A restored table is switched to by configuration (docs/operations.md, "Restore the table").
    this.data = ops.existingTable ? new ExistingTable(this, 'ExistingData', ops.existingTable) : new ShouhuTable(this, 'Data', { stage: props.stage, ...(ops.tableIndexes !== undefined ? { indexes: ops.tableIndexes } : {}) });
    this.api = new ShouhuApi(this, 'Api', {
      table: this.data,
      architecture: caps.lambdaArchitecture,
      // The API's WAF and where the viewer's address is: per partition (infra/region.ts).
      managedRuleGroups: caps.wafManagedRuleGroups,
      clientIpSource: caps.clientIpSource,
      ...(props.apiThrottle ? { throttle: props.apiThrottle } : {}),
      ...(props.wafRateLimit ? { wafRateLimit: props.wafRateLimit } : {}),
      ...(props.originSecretVersionId ? { originSecretVersionId: props.originSecretVersionId } : {}),
      ...(props.domain ? { siteOrigins: props.domain.names.map((name) => `https://${name}`) } : {}),
      ...(props.functionCode ? { code: props.functionCode } : {}),
    });
    this.site = new ShouhuSite(this, 'Site', {
      apiOriginDomainName: this.api.originDomainName,
      apiOriginPath: this.api.originPath,
      apiOriginHeaders: this.api.originHeaders,
      capabilities: caps,
      ...(props.domain ? { domain: props.domain } : {}),
      ...(props.siteAssetsDir ? { assetsDir: props.siteAssetsDir } : {}),
      // CloudFront in China has its own edges only; elsewhere, edges in Asia are what matter.
      priceClass: caps.partition === 'aws-cn' ? cloudfront.PriceClass.PRICE_CLASS_ALL : cloudfront.PriceClass.PRICE_CLASS_200,
      logRetentionDays,
    });

    this.api.bindSiteBucket(this.site.bucket);
    // The site's origin: the domain when there is one; else the distribution's own name (no cycle: the
    // distribution refers to the REST API's id and the origin secret, never to the functions). Printed under QR codes too.
    const siteOrigin = `https://${props.domain?.names[0] ?? this.site.distribution.distributionDomainName}`;
    if (!props.domain) this.api.allowSiteOrigins([siteOrigin]);

    const retentionDays = props.casesRetentionDays ?? 365;
    this.cases = new ShouhuCaseData(this, 'Cases', { logBucket: this.site.logBucket, stage: props.stage });
    this.api.bindCases(this.cases, { retentionDays });

    this.publisher = new ShouhuPublisher(this, 'Publisher', {
      table: this.data,
      siteBucket: this.site.bucket,
      publicOrigin: siteOrigin,
      architecture: caps.lambdaArchitecture,
      partition: caps.partition,
      ...(props.functionCode ? { code: props.functionCode } : {}),
    });
    this.purge = new ShouhuPurgeJob(this, 'Purge', {
      table: this.data,
      retentionDays,
      casesKeyId: this.cases.key.keyArn,
      attachments: this.cases.attachments,
      architecture: caps.lambdaArchitecture,
      ...(props.functionCode ? { code: props.functionCode } : {}),
    });

    // Background imports (functions/jobs/import-worker.ts): the API stores the file and starts the job; this moves it on.
    this.importWorker = new ShouhuImportWorker(this, 'ImportWorker', {
      table: this.data,
      cases: this.cases,
      architecture: caps.lambdaArchitecture,
      partition: caps.partition,
      ...(props.functionCode ? { code: props.functionCode } : {}),
    });

    this.notify = props.notifier
      ? new ShouhuNotifyJob(this, 'Notify', {
          table: this.data,
          casesKeyArn: this.cases.key.keyArn,
          authSecretArn: this.api.authSecret.secretArn,
          trackLink: `${siteOrigin}/track/`,
          notifier: props.notifier,
          architecture: caps.lambdaArchitecture,
          ...(props.functionCode ? { code: props.functionCode } : {}),
        })
      : undefined;

    // Operability: every log kept at least logRetentionDays, a trail, backups, alarms and a dashboard.
    Aspects.of(this).add(new LogRetentionFloor(logRetentionDays), { priority: AspectPriority.MUTATING });
    this.trail = new ShouhuAuditTrail(this, 'AuditTrail', {
      retentionDays: logRetentionDays,
      accessLogBucket: this.site.logBucket,
      dataEventBuckets: [this.cases.attachments],
    });
    this.backup = new ShouhuBackup(this, 'Backup', {
      stage: props.stage,
      tableArn: this.data.tableArn,
      buckets: [{ bucket: this.cases.attachments, key: this.cases.key }],
      retentionDays: ops.backup?.retentionDays ?? 35,
      ...(ops.backup?.copyRegion ? { copyRegion: ops.backup.copyRegion } : {}),
    });
    const certificateWatch = ops.iamCertificateName
      ? new CertificateExpiryWatch(this, 'CertificateWatch', {
          certificateName: ops.iamCertificateName,
          architecture: caps.lambdaArchitecture,
          ...(props.functionCode ? { code: props.functionCode } : {}),
        })
      : undefined;
    this.monitoring = new ShouhuMonitoring(this, 'Monitoring', {
      stage: props.stage,
      ...(ops.alarmEmail ? { alarmEmail: ops.alarmEmail } : {}),
      // Every function of ours, wherever it is defined: a new one is watched without a word here.
      functions: this.node
        .findAll()
        .filter((c): c is ShouhuFunction => c instanceof ShouhuFunction)
        .map((fn) => ({
          name: fn.node.path.split('/').slice(1).join('-'),
          fn,
          // The API serves everyone: a handful of failures in five minutes, not one, is worth a page.
          ...(fn === this.api.handler ? { errorThreshold: 5 } : {}),
        })),
      publisher: this.publisher.handler,
      purge: this.purge.handler,
      importWorker: this.importWorker.handler,
      tableName: this.data.tableName,
      apiAccessLogs: this.api.accessLogs,
      ...(certificateWatch ? { certificateWatch: certificateWatch.handler } : {}),
      ...(props.domain?.acmCertificateArn ? { acmCertificateArn: props.domain.acmCertificateArn } : {}),
      distributionId: this.site.distribution.distributionId,
    });
    this.monitoring.notifyOn(this.backup.failures);
    for (const job of [this.publisher.handler, this.purge.handler, this.importWorker.handler, ...(certificateWatch ? [certificateWatch.handler] : []), ...(this.notify ? [this.notify.handler] : [])]) {
      this.monitoring.captureAsyncFailures(job);
    }
    for (const woken of [this.publisher, this.importWorker]) this.monitoring.captureStreamFailures(woken.streamMapping, woken.handler);

    new CfnOutput(this, 'AlarmTopicArn', { value: this.monitoring.topic.topicArn });
    new CfnOutput(this, 'TableName', { value: this.data.tableName });
    new CfnOutput(this, 'ApiEndpoint', { value: this.api.url });
    new CfnOutput(this, 'AttachmentsBucketName', { value: this.cases.attachments.bucketName });
    new CfnOutput(this, 'CasesKeyArn', { value: this.cases.key.keyArn });

    Tags.of(this).add('project', 'shouhu');
    Tags.of(this).add('stage', props.stage);

    if (props.siteAssetsDir) suppressBucketDeploymentFindings(this);
  }
}

/**
 * BucketDeployment brings a CDK-provided Lambda (a singleton at the stack's top level)
 * whose role and runtime aws-cdk-lib chooses. Each finding is acknowledged by its
 * exact ID (cdk-nag 3 matches IDs exactly, there is no wildcard).
 */
function suppressBucketDeploymentFindings(stack: ShouhuStack) {
  const handlers = stack.node.children.filter((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  const qualifier = stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER;
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const assetBucketObjects = `arn:${stack.partition}:s3:::cdk-${qualifier}-assets-${account}-${stack.region}/*`;
  const siteBucketObjects = `<${stack.getLogicalId(stack.site.bucket.node.defaultChild as CfnBucket)}.Arn>/*`;
  const copyReason =
    "CDK's BucketDeployment handler copies the site/dist asset from the CDK asset bucket into the site bucket; aws-cdk-lib grants it these object-level wildcards on those two buckets only.";
  for (const handler of handlers) {
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's BucketDeployment handler runs with AWSLambdaBasicExecutionRole (CloudWatch Logs only); it is a deploy-time custom resource owned by aws-cdk-lib.",
    });
    Validations.of(handler).acknowledge({
      id: 'AwsSolutions-L1',
      reason: "The runtime of CDK's BucketDeployment handler is chosen by aws-cdk-lib, not by us; it runs only during deploys.",
    });
    for (const finding of [
      'Action::s3:GetBucket*',
      'Action::s3:GetObject*',
      'Action::s3:List*',
      'Action::s3:Abort*',
      'Action::s3:DeleteObject*',
      `Resource::${assetBucketObjects}`,
      `Resource::${siteBucketObjects}`,
    ]) {
      Validations.of(handler).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: copyReason });
    }
  }
}

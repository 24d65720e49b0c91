/**
 * The jobs that run without a request: the publisher, the purge, the message
 * sender and the import worker (each described below).
 *
 * **The publisher** (functions/jobs/publish.ts): one run per invocation of what
 * `npm start` runs every 3 s: changed institutions (publishChanges) alternating
 * with slices of a full re-render into a changed shell (republishPages, its
 * cursor checkpointed in `PUBLISH#republish`, so the next invocation goes on),
 * then safety notices and fee guidance (publishNotices). It reads what is waiting
 * from the table's sparse index, not from its trigger, so a trigger is only a
 * wake-up and a lost one costs at most a minute. Woken by:
 * - the table's stream, filtered so that only an item that is now waiting to be
 *   published wakes it (gsi2pk DIRTY, NOTICE_DUE or FEES_DUE in the new image:
 *   institutions, notices and fee guidance; never cases, sessions or rate
 *   limits), a few seconds' batching so an import of 10,000 rows wakes it a few
 *   times, not 10,000;
 * - a schedule every minute: a notice's publish or expiry time, and a fee rule
 *   taking effect, fall due without any write.
 * One run at a time, by a lease item in the table (`LOCK#publisher`,
 * functions/data/locks.ts), not by reserved concurrency: Lambda keeps 100
 * units of an account's concurrency unreserved, and new accounts (China's
 * especially) often have a quota of 10 or 50, so reserving any fails the
 * deploy ("decreases account's UnreservedConcurrentExecution below its minimum
 * value"). A run that finds the lease held returns at once; the next wake-up
 * or the next minute's schedule finds the work still waiting in the index.
 *
 * **The purge** (functions/jobs/purge.ts): once a day, deletes the personal
 * data of cases closed longer ago than the retention (purgeExpiredPersonalData),
 * their attached files included (s3:DeleteObject on the attachments bucket only).
 * It needs no key: it deletes ciphertext, it never reads it. One run at a time
 * by the same kind of lease (`LOCK#purge`).
 *
 * Event source mappings carry no tags in the China partition: tags on
 * AWS::Lambda::EventSourceMapping are not available there and CloudFormation
 * fails the first deploy on them (`withoutTagsInChina`).
 *
 * **The message sender** (functions/jobs/notify.ts): every minute, sends the
 * families' due text messages (functions/notify/sender.ts) through the
 * provider configured (Alibaba Cloud or Tencent Cloud SMS in China, SNS
 * elsewhere). It decrypts the mobile at send time: kms:Decrypt on the cases
 * key (never GenerateDataKey), the provider's key pair from one secret.
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { NODE22_REASON, ShouhuFunction, type TableGrant } from './api-function.ts';
import { lambdaFunctions } from './bundling.ts';
import type { BindableTable } from './data.ts';
import { CASE_ENCRYPTION_CONTEXT_KEYS, contextBoundKeyStatement, FOLLOW_ENCRYPTION_CONTEXT_KEYS, IMPORT_FILES_PREFIX, type ShouhuCaseData } from './cases.ts';

/** A table whose stream can wake a function. */
export interface StreamingTable extends BindableTable {
  readonly tableStreamArn: string;
}

/**
 * The gsi2pk values that mean "waiting to be published" (functions/data/institutions.ts
 * `institutionKeys.dirty`, notices.ts `noticeKeys.due`, fee-guidance.ts `feeGuidanceKeys.due`;
 * infra/stack.test.ts checks they agree). An item written with one of them wakes the publisher.
 */
export const PUBLISH_WAKE_MARKERS = ['DIRTY', 'NOTICE_DUE', 'FEES_DUE'] as const;

/** The partition of the jobs' lease items (functions/data/locks.ts): one run of a job at a time. */
export const LOCK_PARTITION = 'LOCK#*';

/**
 * What the publisher does with the table (functions/data/institutions.ts, notices.ts,
 * fee-guidance.ts, as called by functions/publish/*): GetItem of records, and BatchGetItem of
 * institution records (the full re-render's slices and the waiting list's page,
 * `getManyForPublishing`); Query of the
 * supervision and listing index (gsi1) and the waiting index (gsi2); Query of the weekly case
 * counters (STATS#*) for the timeliness page; and the conditional
 * UpdateItem that marks a version published (markPublished, settleNoticeDue,
 * settleFeeGuidanceDue), on institution, notice and fee guidance records only; the
 * conditional PutItem of the full re-render's progress, `PUBLISH#republish`
 * (functions/data/publish-progress.ts); and
 * the conditional PutItem and DeleteItem of its lease, `LOCK#publisher`
 * (functions/data/locks.ts: one run at a time without reserved concurrency).
 * infra/grants.test.ts runs the publisher and checks every operation against this.
 */
export const PUBLISHER_TABLE_GRANT: TableGrant = {
  table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
  queryIndexes: ['gsi1', 'gsi2'],
  writes: {
    // Put, Update and Delete for the run's lease item (LOCK#…, functions/data/locks.ts).
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    partitionKeys: ['INST#*', 'NOTICE#*', 'FEEGUIDE#*', 'PUBLISH#*', LOCK_PARTITION],
  },
  // The weekly case counters, for the public timeliness page (functions/publish/timeliness.ts): never a case.
  reads: { actions: ['dynamodb:Query'], partitionKeys: ['STATS#*'] },
};

/**
 * What the purge does (functions/data/cases.ts, as called by functions/cases/purge.ts):
 * Query of gsi2 (closed cases with personal data), GetItem of the case, and one
 * transaction that puts the record, its event and queue entries (and the queue's
 * filter entries, `CASEIDX#<n>`), deletes stale ones and the personal-data item:
 * PutItem and DeleteItem, on a case's own items only, and of its lease, `LOCK#purge`
 * (functions/data/locks.ts); and a Query of the case's attachment items (its own
 * partition only), whose files it deletes first. infra/grants.test.ts runs the
 * purge and checks every operation against this.
 */
export const PURGE_TABLE_GRANT: TableGrant = {
  table: ['dynamodb:GetItem'],
  queryIndexes: ['gsi2'],
  // A case's attachment items (CASE#<n>, ATT#…), whose files it deletes: a case's partition only.
  reads: { actions: ['dynamodb:Query'], partitionKeys: ['CASE#*'] },
  writes: {
    // UpdateItem for the run's lease item only in practice (LOCK#…): IAM cannot pair actions with partitions in one statement.
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
    partitionKeys: ['CASE#*', 'CASEIDX#*', LOCK_PARTITION],
  },
};

export interface ShouhuPublisherProps {
  table: StreamingTable;
  siteBucket: s3.IBucket;
  /** The site's public origin (`https://name`), printed under QR codes and in the feeds. */
  publicOrigin: string;
  architecture: 'arm64' | 'x86_64';
  /** China: event source mappings cannot carry tags there. */
  partition: 'aws' | 'aws-cn';
  /** Tests only: skip bundling. */
  code?: lambda.Code;
}

/**
 * Keeps the stack's tags off an event source mapping in the China partition, where
 * AWS::Lambda::EventSourceMapping has no Tags ("Getting Started with Amazon Web Services
 * in China", Lambda; a first deploy with them fails).
 */
export function withoutTagsInChina(mapping: lambda.EventSourceMapping, partition: 'aws' | 'aws-cn'): void {
  if (partition !== 'aws-cn') return;
  // The stack's Tags.of(this).add reaches the mapping too; the override drops whatever tags it rendered.
  (mapping.node.defaultChild as lambda.CfnEventSourceMapping).addPropertyDeletionOverride('Tags');
}

/**
 * A function woken by the table's stream: the four actions Lambda needs to read it, on this
 * stream only; the table's key to decrypt it (the stream is encrypted with it); the mapping,
 * created after the role's policy (Lambda checks at creation that the role can read the
 * stream), without tags in China. A stream feeds at most two functions without throttling its
 * reads (DynamoDB Developer Guide, "DynamoDB Streams and Lambda triggers"): the publisher and
 * the import worker are those two.
 */
export function wakeOnStream(
  scope: Construct,
  fn: ShouhuFunction,
  table: StreamingTable,
  partition: 'aws' | 'aws-cn',
  options: Omit<lambda.EventSourceMappingOptions, 'eventSourceArn'>,
): lambda.EventSourceMapping {
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
      resources: [table.tableStreamArn],
    }),
  );
  const mapping = new lambda.EventSourceMapping(scope, 'TableStream', { target: fn, eventSourceArn: table.tableStreamArn, ...options });
  mapping.node.addDependency(fn.role!);
  withoutTagsInChina(mapping, partition);
  if (table.encryptionKeyArn) fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['kms:Decrypt'], resources: [table.encryptionKeyArn] }));
  return mapping;
}

export class ShouhuPublisher extends Construct {
  readonly handler: ShouhuFunction;
  readonly streamMapping: lambda.EventSourceMapping;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ShouhuPublisherProps) {
    super(scope, id);

    this.handler = new ShouhuFunction(this, 'Handler', {
      entry: lambdaFunctions.publish.entry,
      variant: lambdaFunctions.publish.variant,
      description: 'Shouhu publisher (functions/jobs/publish.ts): pages, snapshot, open data, notices',
      architecture: props.architecture,
      // The 100,000 summaries kept warm between runs (about 250 MB at 100,000), and a new shell's
      // re-render, 16 pages at once (docs/benchmarks.md, "Publisher at 100,000").
      memorySize: 1024,
      timeout: Duration.minutes(10),
      ...(props.code ? { code: props.code } : {}),
    });
    // One run at a time (two runs could write the snapshot from different starting points): the lease item, above.
    this.handler.bindTable({ table: props.table, access: PUBLISHER_TABLE_GRANT });
    this.handler.bindBucket({ bucket: props.siteBucket, access: 'readwrite', env: 'SITE_BUCKET' });
    this.handler.addEnvironment('PUBLIC_ORIGIN', props.publicOrigin);

    this.streamMapping = wakeOnStream(this, this.handler, props.table, props.partition, {
      // Wake-ups only: what was written before the mapping existed is found in the index anyway.
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 100,
      maxBatchingWindow: Duration.seconds(2),
      // A failed run is repeated by the next wake-up or the schedule; old wake-ups are worthless.
      retryAttempts: 2,
      maxRecordAge: Duration.minutes(5),
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
          dynamodb: { NewImage: { gsi2pk: { S: lambda.FilterRule.or(...PUBLISH_WAKE_MARKERS) } } },
        }),
      ],
    });

    this.handler.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(2) });
    this.schedule = new events.Rule(this, 'EveryMinute', {
      description: 'Shouhu publisher: notices and fee rules fall due by the clock, without a write',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.handler, { retryAttempts: 2, maxEventAge: Duration.minutes(2) })],
    });

    Validations.of(this.handler).acknowledge({ id: 'AwsSolutions-L1', reason: NODE22_REASON });
    Validations.of(this.handler.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.siteBucket.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason:
        "The publisher writes and reads public files by key (institutions/<id>/index.html and qr.svg, notices/…, data/…), one per institution and notice, names it cannot list in advance: s3:GetObject and s3:PutObject on the site bucket's objects, nothing on any other bucket.",
    });
  }
}

export interface ShouhuPurgeJobProps {
  table: BindableTable;
  /** Days after a case is closed before its personal data is deleted (CASES_PII_RETENTION_DAYS). */
  retentionDays: number;
  /**
   * The cases key's ARN. The purge never calls KMS and gets no grant; the variable is
   * set because functions/config.ts refuses to start a Lambda with neither key configured.
   */
  casesKeyId: string;
  /** The private attachments bucket: the purge may delete its objects (s3:DeleteObject), nothing else. */
  attachments: s3.IBucket;
  architecture: 'arm64' | 'x86_64';
  /** @default 03:00 Beijing time (19:00 UTC), when hardly anyone files. */
  schedule?: events.Schedule;
  code?: lambda.Code;
}

export class ShouhuPurgeJob extends Construct {
  readonly handler: ShouhuFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ShouhuPurgeJobProps) {
    super(scope, id);

    this.handler = new ShouhuFunction(this, 'Handler', {
      entry: lambdaFunctions.purge.entry,
      variant: lambdaFunctions.purge.variant,
      description: 'Shouhu retention purge (functions/jobs/purge.ts): personal data of cases closed past the retention',
      architecture: props.architecture,
      timeout: Duration.minutes(5),
      ...(props.code ? { code: props.code } : {}),
    });
    this.handler.bindTable({ table: props.table, access: PURGE_TABLE_GRANT });
    this.handler.addEnvironment('CASES_PII_RETENTION_DAYS', String(props.retentionDays));
    this.handler.addEnvironment('CASES_KMS_KEY_ID', props.casesKeyId);
    // Purged cases' files: delete only (no read, no list, no KMS: deleting an object needs neither).
    this.handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['s3:DeleteObject'], resources: [props.attachments.arnForObjects('*')] }));
    this.handler.addEnvironment('ATTACHMENTS_BUCKET', props.attachments.bucketName);

    // Idempotent: a failed day is finished by the next one, so no retries that could overlap.
    this.handler.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.hours(1) });
    this.schedule = new events.Rule(this, 'Daily', {
      description: 'Shouhu retention purge: personal data of cases closed past the retention',
      schedule: props.schedule ?? events.Schedule.cron({ minute: '0', hour: '19' }),
      targets: [new targets.LambdaFunction(this.handler, { retryAttempts: 2 })],
    });

    Validations.of(this.handler).acknowledge({ id: 'AwsSolutions-L1', reason: NODE22_REASON });
    Validations.of(this.handler.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.attachments.node.defaultChild as s3.CfnBucket)}.Arn>/*]`,
      reason: "The purge deletes purged cases' attachments by key (cases/<number>/<hash>.<ext>), names it reads from the table: s3:DeleteObject on the attachments bucket's objects only, no read, no list.",
    });
  }
}

/**
 * What the sender does (functions/data/messages.ts and cases.ts, as called by
 * functions/notify/sender.ts): Query of gsi2 (due messages), GetItem of the
 * case and its personal data, and the conditional UpdateItem that claims and
 * settles a message, on a case's partition only. infra/grants.test.ts runs
 * the sender and checks every operation against this.
 */
export const NOTIFY_TABLE_GRANT: TableGrant = {
  table: ['dynamodb:GetItem'],
  queryIndexes: ['gsi2'],
  // Followers (functions/follow/sender.ts): a message item per follower (PutItem, FOLLOW#<id>), claimed and
  // settled like the families' (UpdateItem), and a status change event taken off the index once fanned
  // out (UpdateItem on INST#<id>, its EVT# item). One grant covers the three partitions' writes.
  writes: { actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem'], partitionKeys: ['CASE#*', 'FOLLOW#*', 'INST#*'] },
  // A centre's followers: Query of its own partition.
  reads: { actions: ['dynamodb:Query'], partitionKeys: ['FOLLOW#*'] },
};

/** The provider and its settings (functions/config.ts `readNotifyConfig`): never the keys themselves. */
export type NotifyJobSettings =
  | { kind: 'aliyun' | 'tencent'; signName: string; templates: Record<string, string>; credentialsSecretArn: string; tencentSdkAppId?: string }
  | { kind: 'sns'; senderId?: string };

export interface ShouhuNotifyJobProps {
  table: BindableTable;
  /** The cases key: Decrypt only, with the case encryption context (and the follow context, for followers' mobiles). */
  casesKeyArn: string;
  /** AUTH_SECRET (Secrets Manager): signs the unsubscribe link in followers' messages. */
  authSecretArn: string;
  /** The tracking page, the link in every message. */
  trackLink: string;
  notifier: NotifyJobSettings;
  architecture: 'arm64' | 'x86_64';
  code?: lambda.Code;
}

export class ShouhuNotifyJob extends Construct {
  readonly handler: ShouhuFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ShouhuNotifyJobProps) {
    super(scope, id);
    this.handler = new ShouhuFunction(this, 'Handler', {
      entry: lambdaFunctions.notify.entry,
      variant: lambdaFunctions.notify.variant,
      description: 'Shouhu message sender (functions/jobs/notify.ts): text messages to families when their case moves',
      architecture: props.architecture,
      timeout: Duration.minutes(2),
      ...(props.code ? { code: props.code } : {}),
    });
    // No reserved concurrency (new accounts' quotas refuse it; see the publisher): each message is
    // claimed conditionally (functions/notify/sender.ts), so two senders at once never send one twice,
    // and the schedule wakes one a minute.
    this.handler.bindTable({ table: props.table, access: NOTIFY_TABLE_GRANT });
    this.handler.addEnvironment('CASES_KMS_KEY_ID', props.casesKeyArn);
    this.handler.addEnvironment('NOTIFIER', props.notifier.kind);
    this.handler.addEnvironment('NOTIFY_TRACK_LINK', props.trackLink);
    this.handler.addToRolePolicy(contextBoundKeyStatement(props.casesKeyArn, CASE_ENCRYPTION_CONTEXT_KEYS, ['kms:Decrypt']));
    // Followers' mobiles, sealed under the follow context (functions/follow/service.ts): Decrypt only.
    this.handler.addToRolePolicy(contextBoundKeyStatement(props.casesKeyArn, FOLLOW_ENCRYPTION_CONTEXT_KEYS, ['kms:Decrypt']));
    this.handler.addEnvironment('AUTH_SECRET_ARN', props.authSecretArn);
    this.handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [props.authSecretArn] }));
    const n = props.notifier;
    if (n.kind === 'sns') {
      if (n.senderId) this.handler.addEnvironment('SNS_SENDER_ID', n.senderId);
      // SNS takes no resource narrower than * for a message to a phone number.
      this.handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] }));
      Validations.of(this.handler.role!).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'sns:Publish to a phone number (SMS) has no resource ARN to name: IAM requires *. The role has no other use of SNS.',
      });
    } else {
      this.handler.addEnvironment('NOTIFY_SIGN_NAME', n.signName);
      this.handler.addEnvironment('NOTIFY_TEMPLATES', JSON.stringify(n.templates));
      this.handler.addEnvironment('NOTIFY_CREDENTIALS_SECRET_ARN', n.credentialsSecretArn);
      if (n.tencentSdkAppId) this.handler.addEnvironment('TENCENT_SMS_SDK_APP_ID', n.tencentSdkAppId);
      this.handler.addToRolePolicy(new iam.PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [n.credentialsSecretArn] }));
    }

    this.handler.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(2) });
    this.schedule = new events.Rule(this, 'EveryMinute', {
      description: 'Shouhu message sender: families\' text messages due now',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(this.handler, { retryAttempts: 0, maxEventAge: Duration.minutes(2) })],
    });
    Validations.of(this.handler).acknowledge({ id: 'AwsSolutions-L1', reason: NODE22_REASON });
  }
}

/**
 * What the import worker does (functions/import/job.ts, as run by
 * functions/jobs/import-worker-run.ts): GetItem of the job and BatchGetItem of the
 * registry's uniqueness claims and records (functions/data/import.ts); Query of gsi2
 * for active jobs nobody moved on (`IMPORTJOB#ACTIVE`); the institutions' writes
 * (creates 25 to a transaction, updates through the repository: the record, its
 * events and its uniqueness claims), the job's conditional PutItem, and its lease
 * (`LOCK#import-<id>`). infra/grants.test.ts runs a job and checks every operation
 * against this.
 */
export const IMPORT_WORKER_TABLE_GRANT: TableGrant = {
  table: ['dynamodb:GetItem', 'dynamodb:BatchGetItem'],
  queryIndexes: ['gsi2'],
  writes: {
    // ConditionCheckItem: a transaction's check that a claim is still the institution's. DeleteItem: a claim given up, and the lease.
    actions: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem'],
    partitionKeys: ['INST#*', 'CREDIT#*', 'LICENCE#*', 'IMPORTJOB#*', LOCK_PARTITION],
  },
};

/** The statuses of an import job a worker moves on (functions/import/job.ts `isActive`); infra/stack.test.ts checks they agree. */
export const IMPORT_ACTIVE_STATUSES = ['checking', 'applying'] as const;
/** How often the schedule looks for active jobs nobody moved on (functions/jobs/import-worker-run.ts STALE_AFTER_MS). */
export const IMPORT_SWEEP_MINUTES = 5;

export interface ShouhuImportWorkerProps {
  table: StreamingTable;
  /** The private store: the worker reads the uploaded parts and writes the report under `imports/` only. */
  cases: ShouhuCaseData;
  architecture: 'arm64' | 'x86_64';
  partition: 'aws' | 'aws-cn';
  code?: lambda.Code;
}

/**
 * **The import worker** (functions/jobs/import-worker.ts): moves background imports
 * on, batch after batch, up to 100,000 rows (functions/import/job.ts). Woken by:
 * - the table's stream, filtered so that only an import job's item (`pk` starting
 *   `IMPORTJOB#`) that is now checking or applying wakes it: a job started or resumed
 *   in the console, and the hand-over write of a worker that ran out of time (each
 *   invocation runs until its remaining time less a margin, then writes the job once
 *   more after releasing its lease; that record wakes the next invocation, which goes
 *   on from the cursor). Records of one item are read in order from one shard, one
 *   invocation at a time, so the checkpoints written during a run wake it only after
 *   it returns;
 * - a schedule every five minutes, for jobs checking or applying that nobody wrote for
 *   five minutes (a worker that died, a wake-up lost): from the sparse index
 *   `IMPORTJOB#ACTIVE` (gsi2), never a scan.
 * One worker per job by its lease (`LOCK#import-<id>`); two at once (the stream and the
 * schedule) cannot both write: the second finds the lease held and returns, and every
 * checkpoint is conditional on the job's version. A failed batch is retried within the
 * run (1, 2, 4, 8 s), and after five failures in a row the job stops `failed` until an
 * editor resumes it (继续导入); a batch run again writes nothing twice (rows are keyed by
 * credit code).
 *
 * 15 minutes, 1,024 MB: a 100,000-row file and its check are in memory at once
 * (docs/benchmarks.md, "Bulk import"). No reserved concurrency (see the publisher).
 */
export class ShouhuImportWorker extends Construct {
  readonly handler: ShouhuFunction;
  readonly streamMapping: lambda.EventSourceMapping;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ShouhuImportWorkerProps) {
    super(scope, id);
    this.handler = new ShouhuFunction(this, 'Handler', {
      entry: lambdaFunctions.importWorker.entry,
      variant: lambdaFunctions.importWorker.variant,
      description: 'Shouhu import worker (functions/jobs/import-worker.ts): background imports of the registry, batch by batch',
      architecture: props.architecture,
      memorySize: 1024,
      timeout: Duration.minutes(15),
      ...(props.code ? { code: props.code } : {}),
    });
    this.handler.bindTable({ table: props.table, access: IMPORT_WORKER_TABLE_GRANT });
    props.cases.grantImportFiles(this.handler);
    this.handler.addEnvironment('ATTACHMENTS_BUCKET', props.cases.attachments.bucketName);

    this.streamMapping = wakeOnStream(this, this.handler, props.table, props.partition, {
      // A job started before the mapping existed is found by the schedule.
      startingPosition: lambda.StartingPosition.LATEST,
      batchSize: 100,
      // A thrown invocation (rare: a run catches a job's errors) is tried again; the schedule is the net beyond.
      retryAttempts: 2,
      // Longer than one invocation (15 minutes): the records written during a run must still wake the next.
      maxRecordAge: Duration.hours(1),
      filters: [
        lambda.FilterCriteria.filter({
          eventName: lambda.FilterRule.or('INSERT', 'MODIFY'),
          dynamodb: {
            Keys: { pk: { S: lambda.FilterRule.beginsWith('IMPORTJOB#') } },
            NewImage: { status: { S: lambda.FilterRule.or(...IMPORT_ACTIVE_STATUSES) } },
          },
        }),
      ],
    });

    // A missed sweep is made up by the next one, five minutes later.
    this.handler.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(5) });
    this.schedule = new events.Rule(this, 'Sweep', {
      description: 'Shouhu import worker: import jobs checking or applying that nobody moved on for five minutes',
      schedule: events.Schedule.rate(Duration.minutes(IMPORT_SWEEP_MINUTES)),
      targets: [new targets.LambdaFunction(this.handler, { retryAttempts: 0, maxEventAge: Duration.minutes(5) })],
    });

    Validations.of(this.handler).acknowledge({ id: 'AwsSolutions-L1', reason: NODE22_REASON });
    Validations.of(this.handler.role!).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(props.cases.attachments.node.defaultChild as s3.CfnBucket)}.Arn>/${IMPORT_FILES_PREFIX}*]`,
      reason:
        "The worker reads an import's uploaded parts and writes its report by key (imports/<job>/part-NNN, imports/<job>/report.json), names made per job: s3:GetObject and s3:PutObject under imports/ only, never a case's attachment.",
    });
  }
}

/**
 * Operability, per partition: logs kept at least 180 days, the audit trail, the
 * alarms and dashboard, the backup plan with its copy to the paired region, and
 * the switch to a restored table. The stack is synthesised as `cdk synth` would,
 * with cdk-nag's AWS Solutions checks, and with inline code (bundling is tested
 * once in infra/stack.test.ts).
 */
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { regionCapabilities } from '../region.ts';
import { ShouhuStack, type StackOperations } from '../stack.ts';
import { ShouhuBackupCopyStack, backupCopyVaultName } from './backup.ts';
import { ALARM_THRESHOLDS, APP_METRICS, APP_METRIC_NAMESPACE } from './monitoring.ts';

const root = join(import.meta.dirname, '..', '..');
const cdkContext = (JSON.parse(readFileSync(join(root, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }).context;

interface Synthesised {
  stack: ShouhuStack;
  template: Template;
  resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  violations: { rule: string; paths: string[] }[];
  copyTemplate?: Template;
}

function synth(region: string, operations: StackOperations, extra: { domain?: ConstructorParameters<typeof ShouhuStack>[2]['domain'] } = {}): Synthesised {
  const outdir = mkdtempSync(join(tmpdir(), 'shouhu-ops-'));
  // CDK's built-in CloudFormation validation costs a process about 5 CPU-s to load: infra/stack.test.ts runs it.
  const app = new App({ outdir, context: cdkContext, builtinCloudFormationValidation: false });
  const env = { region, account: '123456789012' };
  const copy = operations.backup?.copyRegion
    ? new ShouhuBackupCopyStack(app, 'Shouhu-test-backup-copy', { env: { ...env, region: operations.backup.copyRegion }, stage: 'test' })
    : undefined;
  const stack = new ShouhuStack(app, 'Shouhu-test', {
    env,
    stage: 'test',
    capabilities: regionCapabilities(region),
    functionCode: lambda.Code.fromInline('export const handler = async () => ({});'),
    operations,
    ...(extra.domain ? { domain: extra.domain } : {}),
  });
  if (copy) stack.addStackDependency(copy);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    app.synth();
  } catch (error) {
    if (!(error instanceof Error) || !/ValidationFailed|Validation failed/.test(`${error.name} ${error.message}`)) throw error;
  }
  const reportFile = join(outdir, 'validation-report.json');
  const report = existsSync(reportFile)
    ? (JSON.parse(readFileSync(reportFile, 'utf8')) as {
        pluginReports: { violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[] }[];
      })
    : { pluginReports: [] };
  const violations = report.pluginReports
    .flatMap((p) => p.violations.map((v) => ({ rule: v.ruleName, paths: v.violatingConstructs.map((c) => c.constructPath) })))
    .filter((v) => v.rule.startsWith('AwsSolutions-'));
  const template = Template.fromJSON(JSON.parse(readFileSync(join(outdir, stack.templateFile), 'utf8')));
  const resources = (template.toJSON() as { Resources: Synthesised['resources'] }).Resources;
  return {
    stack,
    template,
    resources,
    violations,
    ...(copy ? { copyTemplate: Template.fromJSON(JSON.parse(readFileSync(join(outdir, copy.templateFile), 'utf8'))) } : {}),
  };
}

const ofType = (s: Synthesised, type: string) => Object.entries(s.resources).filter(([, r]) => r.Type === type);
const alarmNamed = (s: Synthesised, name: string) => {
  const found = ofType(s, 'AWS::CloudWatch::Alarm').filter(([, r]) => r.Properties.AlarmName === `Shouhu-test-${name}`);
  expect(found, `alarm ${name}`).toHaveLength(1);
  return found[0]![1].Properties as Record<string, unknown> & { Metrics?: { Id: string; Expression?: string; MetricStat?: { Metric: { MetricName: string; Namespace: string; Dimensions?: { Name: string; Value: unknown }[] } } }[] };
};

const partitions = [
  { partition: 'aws-cn', region: 'cn-north-1', copyRegion: 'cn-northwest-1' },
  { partition: 'aws', region: 'ap-east-1', copyRegion: 'ap-southeast-1' },
] as const;

describe.each(partitions)('operability in $partition ($region)', ({ partition, region, copyRegion }) => {
  const s = synth(region, {
    logRetentionDays: 180,
    alarmEmail: 'oncall@example.cn',
    backup: { retentionDays: 35, copyRegion },
    iamCertificateName: 'shouhu-2026',
  });

  it('passes cdk-nag AWS Solutions checks with nothing unacknowledged', () => {
    expect(s.violations).toEqual([]);
  });

  it('keeps every log group and the CloudFront/S3 access logs at least 180 days', () => {
    const groups = ofType(s, 'AWS::Logs::LogGroup');
    expect(groups.length).toBeGreaterThanOrEqual(5);
    for (const [id, group] of groups) expect(group.Properties.RetentionInDays, id).toBeGreaterThanOrEqual(180);
    // Every expiring rule of a bucket that receives logs (the site's log bucket, the trail's).
    const logBuckets = ofType(s, 'AWS::S3::Bucket').filter(([id]) => /LogBucket|AuditTrailBucket/.test(id));
    expect(logBuckets).toHaveLength(2);
    for (const [id, bucket] of logBuckets) {
      const rules = (bucket.Properties.LifecycleConfiguration as { Rules: { ExpirationInDays?: number }[] }).Rules;
      const expiring = rules.filter((r) => r.ExpirationInDays !== undefined);
      expect(expiring.length, id).toBeGreaterThan(0);
      for (const rule of expiring) expect(rule.ExpirationInDays, id).toBeGreaterThanOrEqual(180);
    }
  });

  it('records API activity with a validated multi-region trail into a private, encrypted bucket, and the attachments\' data events', () => {
    const trails = ofType(s, 'AWS::CloudTrail::Trail');
    expect(trails).toHaveLength(1);
    const trail = trails[0]![1].Properties as Record<string, unknown> & { EventSelectors: { DataResources: { Type: string; Values: unknown[] }[] }[] };
    expect(trail).toMatchObject({ EnableLogFileValidation: true, IsMultiRegionTrail: true, IncludeGlobalServiceEvents: true, IsLogging: true });
    const dataResources = trail.EventSelectors.flatMap((e) => e.DataResources ?? []);
    expect(dataResources.map((d) => d.Type)).toEqual(['AWS::S3::Object']);
    expect(JSON.stringify(dataResources)).toMatch(/CasesAttachments/);
    const bucketId = (trail.S3BucketName as { Ref: string }).Ref;
    expect(s.resources[bucketId]!.Properties).toMatchObject({
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    expect(s.template.toJSON().Resources[bucketId].DeletionPolicy).toBe('Retain');
    // The bucket policy lets CloudTrail (the same service principal in both partitions) write this account's files only.
    const policy = JSON.stringify(ofType(s, 'AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p.Properties.Bucket).includes(bucketId))![1]);
    expect(policy).toContain('"Principal":{"Service":"cloudtrail.amazonaws.com"}');
    expect(policy).toContain('/AWSLogs/123456789012/*');
    expect(policy).toContain('"aws:SecureTransport":"false"');
    // Management events of every region and service, and the attachments' object events.
    expect(trail.EventSelectors[0]).toEqual({ IncludeManagementEvents: true, ReadWriteType: 'All' });
  });

  it('alarms on API 5xx and 429 rates, from the access log', () => {
    const filters = ofType(s, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties as { FilterPattern: string; MetricTransformations: { MetricName: string }[] });
    const byMetric = Object.fromEntries(filters.map((f) => [f.MetricTransformations[0]!.MetricName, f.FilterPattern]));
    expect(byMetric).toEqual({ ApiRequests: '{ $.status = "*" }', Api5xx: '{ $.status = "5*" }', Api429: '{ $.status = "429" }' });
    for (const [name, threshold] of [['Api5xxRate', ALARM_THRESHOLDS.api5xxPercent], ['Api429Rate', ALARM_THRESHOLDS.api429Percent]] as const) {
      const alarm = alarmNamed(s, name);
      expect(alarm.Threshold).toBe(threshold);
      expect(alarm.Metrics!.find((m) => m.Expression)!.Expression).toMatch(/100 \* (fivexx|limited) \/ requests/);
    }
  });

  it('alarms on errors and throttles of every function, the publisher, the purge, the table, the dead letters, the certificate', () => {
    const functions = ofType(s, 'AWS::Lambda::Function').filter(([id]) => !id.startsWith('CustomCDKBucketDeployment'));
    const names = ofType(s, 'AWS::CloudWatch::Alarm').map(([, a]) => String(a.Properties.AlarmName));
    for (const [id] of functions) {
      const watched = ofType(s, 'AWS::CloudWatch::Alarm').filter(([, a]) =>
        JSON.stringify(a.Properties.Dimensions ?? []).includes(`"Ref":"${id}"`),
      );
      expect(watched.map(([, a]) => a.Properties.MetricName).sort(), id).toEqual(expect.arrayContaining(['Errors', 'Throttles']));
    }
    expect(names).toEqual(
      expect.arrayContaining(
        ['PublisherFailed', 'PublisherLag', 'PublisherNotRunning', 'PurgeFailed', 'TableThrottled', 'TableSystemErrors', 'DeadLetters', 'CertificateExpiry'].map(
          (n) => `Shouhu-test-${n}`,
        ),
      ),
    );
    const lag = alarmNamed(s, 'PublisherLag');
    expect(lag).toMatchObject({ Namespace: APP_METRIC_NAMESPACE, MetricName: APP_METRICS.publisherLag, Threshold: 900 });
    expect(JSON.stringify(lag.Dimensions)).toMatch(/"Name":"Function","Value":\{"Ref":"PublisherHandler/);
    expect(alarmNamed(s, 'PurgeFailed')).toMatchObject({ Namespace: 'Shouhu', MetricName: APP_METRICS.purgeFailed });
    expect(alarmNamed(s, 'CertificateExpiry')).toMatchObject({ MetricName: 'CertificateDaysToExpiry', Threshold: 30, ComparisonOperator: 'LessThanThreshold' });
    const systemErrors = alarmNamed(s, 'TableSystemErrors').Metrics!;
    expect(systemErrors.filter((m) => m.MetricStat?.Metric.MetricName === 'SystemErrors')).toHaveLength(10);
    // Every alarm tells the topic, which is encrypted; the address given is subscribed.
    const topicId = ofType(s, 'AWS::SNS::Topic')[0]![0];
    for (const [id, alarm] of ofType(s, 'AWS::CloudWatch::Alarm')) expect(alarm.Properties.AlarmActions, id).toEqual([{ Ref: topicId }]);
    expect(ofType(s, 'AWS::SNS::Topic')[0]![1].Properties.KmsMasterKeyId).toBeDefined();
    s.template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.cn' });
    // Its policy lets CloudWatch (this account's alarms) and EventBridge (failed backups) publish, over TLS only.
    const topicPolicy = JSON.stringify(ofType(s, 'AWS::SNS::TopicPolicy')[0]![1].Properties.PolicyDocument);
    expect(topicPolicy).toContain('"Principal":{"Service":"cloudwatch.amazonaws.com"}');
    expect(topicPolicy).toContain('"Principal":{"Service":"events.amazonaws.com"}');
    expect(topicPolicy).toContain('"aws:SecureTransport":"false"');
  });

  it('sends failed asynchronous runs of the jobs to the dead-letter queue', () => {
    const configs = ofType(s, 'AWS::Lambda::EventInvokeConfig').map(([, c]) => c.Properties as { FunctionName: { Ref: string }; DestinationConfig?: { OnFailure: { Destination: unknown } } });
    const queueId = ofType(s, 'AWS::SQS::Queue')[0]![0];
    for (const prefix of ['PublisherHandler', 'PurgeHandler', 'CertificateWatchHandler']) {
      const config = configs.find((c) => c.FunctionName.Ref.startsWith(prefix));
      expect(config?.DestinationConfig?.OnFailure.Destination, prefix).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    }
    // Stream batches that fail past their retries leave a record there too (the publisher's and the import worker's wake-ups).
    const mappings = ofType(s, 'AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties as { FunctionName: { Ref: string }; DestinationConfig?: { OnFailure: { Destination: unknown } } });
    for (const prefix of ['PublisherHandler', 'ImportWorkerHandler']) {
      const mapping = mappings.find((m) => m.FunctionName.Ref.startsWith(prefix));
      expect(mapping?.DestinationConfig?.OnFailure.Destination, prefix).toEqual({ 'Fn::GetAtt': [queueId, 'Arn'] });
    }
    expect(alarmNamed(s, 'DeadLetters')).toMatchObject({ MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [queueId, 'QueueName'] } }] });
  });

  it('watches the IAM certificate daily with GetServerCertificate on that certificate only', () => {
    const roleId = Object.keys(s.resources).find((id) => id.startsWith('CertificateWatchHandlerRole') && s.resources[id]!.Type === 'AWS::IAM::Role')!;
    const statements = ofType(s, 'AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap(([, p]) => (p.Properties.PolicyDocument as { Statement: { Action: unknown; Resource: unknown }[] }).Statement);
    expect(statements).toContainEqual(
      expect.objectContaining({
        Action: 'iam:GetServerCertificate',
        Resource: `arn:${partition}:iam::123456789012:server-certificate/shouhu-2026`,
      }),
    );
    expect(JSON.stringify(statements)).not.toMatch(/"Resource":"\*"/);
  });

  it('shows the same signals on one dashboard', () => {
    const body = JSON.stringify(ofType(s, 'AWS::CloudWatch::Dashboard')[0]![1].Properties.DashboardBody);
    for (const signal of ['Api5xx', 'Api429', 'Errors', 'Throttles', 'PublisherLagSeconds', 'PublisherRunFailed', 'PurgeRunFailed', 'ReadThrottleEvents', 'SystemErrors', 'ApproximateNumberOfMessagesVisible', 'CertificateDaysToExpiry']) {
      expect(body, signal).toContain(signal);
    }
  });

  it('backs up the table and the attachments daily, copies them to the other region\'s vault, and reports failed jobs', () => {
    const plan = ofType(s, 'AWS::Backup::BackupPlan')[0]![1].Properties as { BackupPlan: { BackupPlanRule: Record<string, unknown>[] } };
    expect(plan.BackupPlan.BackupPlanRule).toHaveLength(1);
    const rule = plan.BackupPlan.BackupPlanRule[0] as { Lifecycle: { DeleteAfterDays: number }; CopyActions: { DestinationBackupVaultArn: string; Lifecycle: { DeleteAfterDays: number } }[] };
    expect(rule.Lifecycle.DeleteAfterDays).toBe(35);
    expect(rule.CopyActions).toEqual([
      { DestinationBackupVaultArn: `arn:${partition}:backup:${copyRegion}:123456789012:backup-vault:${backupCopyVaultName('test')}`, Lifecycle: { DeleteAfterDays: 35 } },
    ]);
    const selection = JSON.stringify(ofType(s, 'AWS::Backup::BackupSelection')[0]![1].Properties);
    expect(selection).toMatch(/DataTable[0-9A-F]+","Arn"/);
    expect(selection).toMatch(/CasesAttachments[0-9A-F]+","Arn"/);
    // The vault in the paired region, by the name the copy action uses.
    s.copyTemplate!.hasResourceProperties('AWS::Backup::BackupVault', { BackupVaultName: backupCopyVaultName('test') });
    s.copyTemplate!.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    s.template.hasResource('AWS::Backup::BackupVault', { DeletionPolicy: 'Retain' });
    // Failed, aborted or expired backup and copy jobs go to the alarm topic.
    s.template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.backup'], 'detail-type': ['Backup Job State Change', 'Copy Job State Change'], detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] } },
      Targets: [{ Arn: { Ref: ofType(s, 'AWS::SNS::Topic')[0]![0] } }],
    });
  });

  it('keeps the stateful resources when the stack goes: table, buckets, keys, vaults', () => {
    const json = s.template.toJSON() as { Resources: Record<string, { Type: string; DeletionPolicy?: string; Properties: Record<string, unknown> }> };
    for (const [id, r] of Object.entries(json.Resources)) {
      if (['AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::Backup::BackupVault'].includes(r.Type)) expect(r.DeletionPolicy, id).toBe('Retain');
    }
    s.template.hasResourceProperties('AWS::DynamoDB::Table', { DeletionProtectionEnabled: true });
  });
});

describe('restore as configuration', () => {
  const tableName = 'shouhu-prod-restored-20261204';
  const tableStreamArn = `arn:aws-cn:dynamodb:cn-north-1:123456789012:table/${tableName}/stream/2026-12-04T05:00:00.000`;
  const s = synth('cn-north-1', { existingTable: { tableName, tableStreamArn } });

  it('creates no table and points every function, the stream, the alarms and the backups at the restored one', () => {
    expect(ofType(s, 'AWS::DynamoDB::Table')).toEqual([]);
    for (const [id, fn] of ofType(s, 'AWS::Lambda::Function').filter(([id]) => /^(Api|Publisher|Purge)/.test(id))) {
      expect((fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables.TABLE_NAME, id).toBe(tableName);
    }
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { EventSourceArn: tableStreamArn });
    expect(JSON.stringify(alarmNamed(s, 'TableThrottled').Metrics)).toContain(tableName);
    expect(JSON.stringify(ofType(s, 'AWS::Backup::BackupSelection')[0]![1].Properties)).toContain(`:table/${tableName}`);
  });

  it('grants the functions the restored table and its indexes, in this partition', () => {
    const policies = JSON.stringify(ofType(s, 'AWS::IAM::Policy').map(([, p]) => p.Properties.PolicyDocument));
    expect(policies).toContain(`:dynamodb:cn-north-1:123456789012:table/${tableName}/index/gsi2`);
    expect(policies).toContain(`arn:aws-cn:dynamodb:cn-north-1:123456789012:table/${tableName}`);
    expect(s.violations).toEqual([]);
  });
});

describe('longer log retention', () => {
  const s = synth('cn-north-1', { logRetentionDays: 365 });

  it('raises every log group, the access logs and the trail to the configured days', () => {
    for (const [id, group] of ofType(s, 'AWS::Logs::LogGroup')) expect(group.Properties.RetentionInDays, id).toBe(365);
    for (const [id, bucket] of ofType(s, 'AWS::S3::Bucket').filter(([id]) => /LogBucket|AuditTrailBucket/.test(id))) {
      const rules = (bucket.Properties.LifecycleConfiguration as { Rules: { ExpirationInDays?: number }[] }).Rules;
      expect(rules.map((r) => r.ExpirationInDays).filter((d) => d !== undefined), id).toEqual([365]);
    }
  });
});

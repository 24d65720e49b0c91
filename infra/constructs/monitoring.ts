/**
 * What an on-call engineer is told about, and sees on one dashboard: alarms to an
 * SNS topic (encrypted; `-c alarmEmail=` subscribes an address), and a CloudWatch
 * dashboard with the same signals. docs/operations.md says, for each alarm, what it
 * means, what to check first and what to do.
 *
 * - The API: the rate of 5xx and of 429 answers, counted from the stage's access log
 *   (its `status` field), so they hold for any API Gateway flavour that logs it.
 * - Every function of ours (ShouhuFunction): errors and throttles.
 * - The publisher: failed runs and lag (Shouhu/PublisherRunFailed, PublisherLagSeconds,
 *   logged by the app as EMF), and no run at all for 15 minutes (it runs every minute).
 * - The purge: a failed run (Shouhu/PurgeRunFailed).
 * - The import worker: an import job that stopped `failed` (Shouhu/ImportJobsFailed),
 *   and active jobs without a worker in three sweeps running (Shouhu/ImportJobsStale).
 * - The table: throttled reads and writes, and DynamoDB's own errors.
 * - The jobs' dead-letter queue: an asynchronous invocation that failed (this
 *   construct makes it the on-failure destination of each job: `captureAsyncFailures`).
 * - Certificates: the IAM certificate's days to expiry (./cert-expiry.ts), and ACM's
 *   DaysToExpiry where the stack is in us-east-1 (ACM's metric lives there only).
 * - Backups: AWS Backup jobs that failed (an EventBridge rule, ./backup.ts) are sent
 *   to the same topic.
 * - CloudFront's 5xx rate where the stack is in us-east-1 (CloudFront's metrics live there).
 *
 * The app's metric contract: namespace `Shouhu`, dimension `Function` = the Lambda
 * function's name (functions/jobs/*, documented in docs/operations.md).
 */
import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

/** The app's metrics (CloudWatch Embedded Metric Format), dimension `Function`. */
export const APP_METRIC_NAMESPACE = 'Shouhu';
export const APP_METRICS = {
  publisherLag: 'PublisherLagSeconds',
  publisherFailed: 'PublisherRunFailed',
  purgeFailed: 'PurgeRunFailed',
  certificateDays: 'CertificateDaysToExpiry',
  importJobsFailed: 'ImportJobsFailed',
  importJobsStale: 'ImportJobsStale',
} as const;

/** Thresholds, said once here and in docs/operations.md. */
export const ALARM_THRESHOLDS = {
  api5xxPercent: 5,
  api429Percent: 10,
  /** Rates are not judged on fewer requests than this in five minutes. */
  apiMinRequests: 20,
  publisherLagSeconds: 15 * 60,
  publisherFailedRuns: 3,
  tableThrottles: 5,
  certificateDays: 30,
  /** Five-minute periods in a row in which the sweep found an import job nobody moved on. */
  importStalePeriods: 3,
} as const;

const DYNAMODB_OPERATIONS = [
  'GetItem',
  'PutItem',
  'UpdateItem',
  'DeleteItem',
  'Query',
  'Scan',
  'BatchGetItem',
  'BatchWriteItem',
  'TransactGetItems',
  'TransactWriteItems',
] as const;

export interface MonitoredFunction {
  /** A short name for alarm names and the dashboard, e.g. `Api-Handler`. */
  name: string;
  fn: lambda.IFunction;
  /** Errors in five minutes that raise the alarm. @default 1 */
  errorThreshold?: number;
}

export interface ShouhuMonitoringProps {
  stage: string;
  alarmEmail?: string;
  functions: MonitoredFunction[];
  publisher: lambda.IFunction;
  purge: lambda.IFunction;
  importWorker: lambda.IFunction;
  tableName: string;
  /** The API stage's access log (JSON with a `status` field). */
  apiAccessLogs: logs.ILogGroup;
  certificateWatch?: lambda.IFunction;
  acmCertificateArn?: string;
  distributionId?: string;
}

export class ShouhuMonitoring extends Construct {
  readonly topic: sns.Topic;
  readonly deadLetters: sqs.Queue;
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly prefix: string;
  private readonly action: actions.SnsAction;

  constructor(scope: Construct, id: string, props: ShouhuMonitoringProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.prefix = `Shouhu-${props.stage}`;

    const key = new kms.Key(this, 'TopicKey', {
      description: `Shouhu (${props.stage}): encrypts the alarm topic`,
      enableKeyRotation: true,
    });
    // CloudWatch alarms and EventBridge publish to the encrypted topic; they need the key to do so.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com'), new iam.ServicePrincipal('events.amazonaws.com')],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `Shouhu ${props.stage} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // The topic's own policy replaces SNS's default one (EventBridge's grant, TLS only), so the alarms are named too.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        actions: ['sns:Publish'],
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    );
    if (props.alarmEmail) this.topic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    this.action = new actions.SnsAction(this.topic);

    this.deadLetters = new sqs.Queue(this, 'JobFailures', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This queue is the dead-letter destination of the jobs' failed asynchronous invocations; a message left in it raises the DeadLetters alarm.",
    });

    const five = Duration.minutes(5);

    // The API, from its access log: every request, 5xx, 429.
    const apiNamespace = `Shouhu/${props.stage}`;
    const apiMetric = (name: string, pattern: logs.IFilterPattern) => {
      new logs.MetricFilter(this, `${name}Filter`, {
        logGroup: props.apiAccessLogs,
        filterPattern: pattern,
        metricNamespace: apiNamespace,
        metricName: name,
        metricValue: '1',
        defaultValue: 0,
      });
      return new cloudwatch.Metric({ namespace: apiNamespace, metricName: name, statistic: 'Sum', period: five });
    };
    const requests = apiMetric('ApiRequests', logs.FilterPattern.stringValue('$.status', '=', '*'));
    const serverErrors = apiMetric('Api5xx', logs.FilterPattern.stringValue('$.status', '=', '5*'));
    const tooMany = apiMetric('Api429', logs.FilterPattern.stringValue('$.status', '=', '429'));
    const rate = (label: string, id: string, errors: cloudwatch.IMetric) =>
      new cloudwatch.MathExpression({
        label,
        expression: `IF(requests >= ${ALARM_THRESHOLDS.apiMinRequests}, 100 * ${id} / requests, 0)`,
        usingMetrics: { requests, [id]: errors },
        period: five,
      });
    const api5xxRate = rate('API 5xx, % of requests', 'fivexx', serverErrors);
    const api429Rate = rate('API 429, % of requests', 'limited', tooMany);
    this.alarm('Api5xxRate', api5xxRate, {
      threshold: ALARM_THRESHOLDS.api5xxPercent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      alarmDescription: `More than ${ALARM_THRESHOLDS.api5xxPercent}% of API requests answered 5xx in 2 of 3 five-minute periods`,
    });
    this.alarm('Api429Rate', api429Rate, {
      threshold: ALARM_THRESHOLDS.api429Percent,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      alarmDescription: `More than ${ALARM_THRESHOLDS.api429Percent}% of API requests answered 429 (rate limited) in 2 of 3 five-minute periods`,
    });

    // Every function: errors and throttles.
    for (const { name, fn, errorThreshold } of props.functions) {
      this.alarm(`${name}-Errors`, fn.metricErrors({ period: five, statistic: 'Sum' }), {
        threshold: errorThreshold ?? 1,
        alarmDescription: `The function ${name} failed (an uncaught error or a timeout) ${errorThreshold ?? 1} or more times in five minutes`,
      });
      this.alarm(`${name}-Throttles`, fn.metricThrottles({ period: five, statistic: 'Sum' }), {
        threshold: 1,
        alarmDescription: `Lambda refused to run ${name} for lack of concurrency (the account's quota)`,
      });
    }

    // The publisher and the purge, from the metrics they log.
    const appMetric = (metricName: string, fn: lambda.IFunction, statistic: string, period: Duration) =>
      new cloudwatch.Metric({ namespace: APP_METRIC_NAMESPACE, metricName, dimensionsMap: { Function: fn.functionName }, statistic, period });
    this.alarm('PublisherFailed', appMetric(APP_METRICS.publisherFailed, props.publisher, 'Sum', Duration.minutes(15)), {
      threshold: ALARM_THRESHOLDS.publisherFailedRuns,
      alarmDescription: `${ALARM_THRESHOLDS.publisherFailedRuns} or more publisher runs failed in 15 minutes: changes are not reaching the site`,
    });
    this.alarm('PublisherLag', appMetric(APP_METRICS.publisherLag, props.publisher, 'Maximum', five), {
      threshold: ALARM_THRESHOLDS.publisherLagSeconds,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 2,
      alarmDescription: `A change has waited more than ${ALARM_THRESHOLDS.publisherLagSeconds / 60} minutes to be published, for ten minutes`,
    });
    this.alarm('PublisherNotRunning', props.publisher.metricInvocations({ period: Duration.minutes(15), statistic: 'Sum' }), {
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
      alarmDescription: 'The publisher, scheduled every minute, has not run for 15 minutes',
    });
    this.alarm('PurgeFailed', appMetric(APP_METRICS.purgeFailed, props.purge, 'Maximum', Duration.hours(1)), {
      threshold: 1,
      alarmDescription: 'The daily retention purge failed: personal data past its retention may still be stored',
    });

    this.alarm('ImportJobFailed', appMetric(APP_METRICS.importJobsFailed, props.importWorker, 'Sum', five), {
      threshold: 1,
      alarmDescription: 'A background import stopped failed after five failed batches in a row: the rows before its cursor are written, the rest wait for 继续导入 (docs/operations.md)',
    });
    this.alarm('ImportJobStale', appMetric(APP_METRICS.importJobsStale, props.importWorker, 'Maximum', five), {
      threshold: 1,
      evaluationPeriods: ALARM_THRESHOLDS.importStalePeriods,
      alarmDescription: `Background imports checking or applying with no worker moving them on, in ${ALARM_THRESHOLDS.importStalePeriods} sweeps running (15 minutes): the worker fails on them`,
    });

    // The table.
    const tableMetric = (metricName: string, dimensionsMap: Record<string, string>) =>
      new cloudwatch.Metric({ namespace: 'AWS/DynamoDB', metricName, dimensionsMap, statistic: 'Sum', period: five });
    const throttles = new cloudwatch.MathExpression({
      label: 'Table read and write throttle events',
      expression: 'FILL(reads, 0) + FILL(writes, 0)',
      usingMetrics: {
        reads: tableMetric('ReadThrottleEvents', { TableName: props.tableName }),
        writes: tableMetric('WriteThrottleEvents', { TableName: props.tableName }),
      },
      period: five,
    });
    this.alarm('TableThrottled', throttles, {
      threshold: ALARM_THRESHOLDS.tableThrottles,
      alarmDescription: `DynamoDB throttled ${ALARM_THRESHOLDS.tableThrottles} or more reads or writes in five minutes`,
    });
    const systemErrors = new cloudwatch.MathExpression({
      label: 'Table system errors',
      expression: DYNAMODB_OPERATIONS.map((_, i) => `FILL(op${i}, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(
        DYNAMODB_OPERATIONS.map((operation, i) => [`op${i}`, tableMetric('SystemErrors', { TableName: props.tableName, Operation: operation })]),
      ),
      period: five,
    });
    this.alarm('TableSystemErrors', systemErrors, {
      threshold: 1,
      alarmDescription: 'DynamoDB answered requests with an internal error (HTTP 500)',
    });

    // The jobs' failed asynchronous invocations.
    this.alarm('DeadLetters', this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' }), {
      threshold: 1,
      alarmDescription: "A job's asynchronous invocation failed and was sent to the dead-letter queue",
    });

    // Certificates.
    if (props.certificateWatch) {
      this.alarm(
        'CertificateExpiry',
        appMetric(APP_METRICS.certificateDays, props.certificateWatch, 'Minimum', Duration.days(1)),
        {
          threshold: ALARM_THRESHOLDS.certificateDays,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          alarmDescription: `The site's IAM server certificate expires in fewer than ${ALARM_THRESHOLDS.certificateDays} days: upload a new one (docs/operations.md)`,
        },
      );
    }
    if (props.acmCertificateArn && stack.region === 'us-east-1') {
      this.alarm(
        'AcmCertificateExpiry',
        new cloudwatch.Metric({
          namespace: 'AWS/CertificateManager',
          metricName: 'DaysToExpiry',
          dimensionsMap: { CertificateArn: props.acmCertificateArn },
          statistic: 'Minimum',
          period: Duration.days(1),
        }),
        {
          threshold: ALARM_THRESHOLDS.certificateDays,
          comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
          alarmDescription: `The site's ACM certificate expires in fewer than ${ALARM_THRESHOLDS.certificateDays} days: ACM did not renew it`,
        },
      );
    }
    if (props.distributionId && stack.region === 'us-east-1') {
      this.alarm(
        'CloudFront5xxRate',
        new cloudwatch.Metric({
          namespace: 'AWS/CloudFront',
          metricName: '5xxErrorRate',
          dimensionsMap: { DistributionId: props.distributionId, Region: 'Global' },
          statistic: 'Average',
          period: five,
        }),
        { threshold: ALARM_THRESHOLDS.api5xxPercent, evaluationPeriods: 3, datapointsToAlarm: 2, alarmDescription: 'CloudFront answered 5xx to more than 5% of requests' },
      );
    }

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: this.prefix,
      defaultInterval: Duration.hours(6),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: this.alarms, width: 24, height: 4 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({ title: 'API requests', left: [requests], right: [serverErrors, tooMany], width: 12 }),
      new cloudwatch.GraphWidget({ title: 'API 5xx and 429, % of requests', left: [api5xxRate, api429Rate], width: 12 }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Function errors',
        left: props.functions.map(({ name, fn }) => fn.metricErrors({ period: five, statistic: 'Sum', label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function throttles',
        left: props.functions.map(({ name, fn }) => fn.metricThrottles({ period: five, statistic: 'Sum', label: name })),
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Function duration (p95)',
        left: props.functions.map(({ name, fn }) => fn.metricDuration({ period: five, statistic: 'p95', label: name })),
        width: 8,
      }),
    );
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Publisher lag (s); failed runs and imports, stale imports',
        left: [appMetric(APP_METRICS.publisherLag, props.publisher, 'Maximum', five)],
        right: [
          appMetric(APP_METRICS.publisherFailed, props.publisher, 'Sum', five),
          appMetric(APP_METRICS.purgeFailed, props.purge, 'Maximum', five),
          appMetric(APP_METRICS.importJobsFailed, props.importWorker, 'Sum', five),
          appMetric(APP_METRICS.importJobsStale, props.importWorker, 'Maximum', five),
        ],
        width: 8,
      }),
      new cloudwatch.GraphWidget({ title: 'Table throttles and system errors', left: [throttles], right: [systemErrors], width: 8 }),
      new cloudwatch.GraphWidget({
        title: 'Dead letters; certificate days to expiry',
        left: [this.deadLetters.metricApproximateNumberOfMessagesVisible({ period: five, statistic: 'Maximum' })],
        right: props.certificateWatch ? [appMetric(APP_METRICS.certificateDays, props.certificateWatch, 'Minimum', Duration.days(1))] : [],
        width: 8,
      }),
    );
  }

  /** Sends the rule's events (e.g. failed backup jobs) to the alarm topic. */
  notifyOn(rule: events.Rule): void {
    rule.addTarget(new targets.SnsTopic(this.topic));
  }

  /**
   * Makes this construct's queue the on-failure destination of `fn`'s asynchronous
   * invocations (the schedules'), keeping whatever retry settings it already has.
   */
  captureAsyncFailures(fn: lambda.Function): void {
    const existing = fn.node.tryFindChild('EventInvokeConfig');
    if (existing instanceof lambda.EventInvokeConfig) {
      const cfn = existing.node.defaultChild as lambda.CfnEventInvokeConfig;
      cfn.destinationConfig = { onFailure: { destination: this.deadLetters.queueArn } };
    } else {
      fn.configureAsyncInvoke({ retryAttempts: 2, onFailure: { bind: () => ({ destination: this.deadLetters.queueArn }) } });
    }
    this.allowDeadLetters(fn);
  }

  /**
   * Makes this construct's queue the on-failure destination of a table-stream mapping: a batch
   * still failing after the mapping's retries, or older than its maximum record age, leaves a
   * message naming the shard and the sequence numbers it held (never the records themselves,
   * so no personal data), and the DeadLetters alarm rings. The jobs woken by the stream also
   * have a schedule that finds their work in the table, so a discarded batch delays, it does not lose.
   */
  captureStreamFailures(mapping: lambda.EventSourceMapping, fn: lambda.Function): void {
    (mapping.node.defaultChild as lambda.CfnEventSourceMapping).destinationConfig = { onFailure: { destination: this.deadLetters.queueArn } };
    this.allowDeadLetters(fn);
  }

  /** Lambda sends a failed event or a stream's failure record with the function's role: SendMessage on this queue, nothing else. */
  private allowDeadLetters(fn: lambda.Function): void {
    fn.addToRolePolicy(new iam.PolicyStatement({ actions: ['sqs:SendMessage'], resources: [this.deadLetters.queueArn] }));
  }

  private alarm(id: string, metric: cloudwatch.IMetric, options: Omit<cloudwatch.CreateAlarmOptions, 'alarmName' | 'evaluationPeriods'> & { evaluationPeriods?: number }) {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.prefix}-${id}`,
      metric,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      ...options,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}

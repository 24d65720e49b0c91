/**
 * The account's API activity, kept as long as every other log (infra/config.ts,
 * `logRetentionDays`, at least 180 days): a CloudTrail trail of management events
 * in every region of the partition (IAM, KMS, DynamoDB and S3 configuration,
 * deploys), plus the data events of the attachments bucket (who read or wrote
 * which family's file: reads and writes of personal data are worth a record).
 *
 * Its own bucket: private, TLS only, encrypted (SSE-S3), versioned, its access
 * logged to the site's log bucket, files expiring after the retention. Log file
 * validation is on: `aws cloudtrail validate-logs` proves a file was not changed.
 * CloudTrail exists in both China regions under the same service principal
 * (cloudtrail.amazonaws.com); aws-cdk-lib writes the bucket policy with the
 * stack's partition in every ARN.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudtrail from 'aws-cdk-lib/aws-cloudtrail';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface ShouhuAuditTrailProps {
  /** Days the trail's files are kept (logRetentionDays). */
  retentionDays: number;
  /** Where the trail bucket's own access logs go (the site's log bucket). */
  accessLogBucket: s3.IBucket;
  /** Buckets whose object reads and writes are recorded too (the attachments). */
  dataEventBuckets: s3.IBucket[];
}

export class ShouhuAuditTrail extends Construct {
  readonly trail: cloudtrail.Trail;
  readonly bucket: s3.Bucket;

  constructor(scope: Construct, id: string, props: ShouhuAuditTrailProps) {
    super(scope, id);

    this.bucket = new s3.Bucket(this, 'Bucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // A file deleted or overwritten before its time stays recoverable for 30 days as an old version.
      lifecycleRules: [{ expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(30) }],
      serverAccessLogsBucket: props.accessLogBucket,
      serverAccessLogsPrefix: 's3/trail/',
      // Evidence outlives the stack.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.trail = new cloudtrail.Trail(this, 'Trail', {
      bucket: this.bucket,
      enableFileValidation: true,
      isMultiRegionTrail: true,
      includeGlobalServiceEvents: true,
      managementEvents: cloudtrail.ReadWriteType.ALL,
      // CloudWatch Logs delivery would double the cost of what S3 keeps already; alarms do not read the trail.
      sendToCloudWatchLogs: false,
    });
    if (props.dataEventBuckets.length) {
      this.trail.addS3EventSelector(
        props.dataEventBuckets.map((bucket) => ({ bucket })),
        { readWriteType: cloudtrail.ReadWriteType.ALL, includeManagementEvents: false },
      );
    }
  }
}

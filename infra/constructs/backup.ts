/**
 * Backups of what cannot be rebuilt: the table (registry, cases, audit log) and the
 * attachments bucket (families' files). The site bucket is not backed up: the
 * publisher writes every page again from the table (a new page shell re-renders them
 * all; docs/operations.md), and the log buckets are evidence, kept by their lifecycle.
 *
 * - A vault of our own, encrypted with a key of our own (rotated), retained.
 * - One backup a day at 02:00 Beijing time (18:00 UTC, before the purge at 03:00),
 *   kept `retentionDays`, and copied to a vault in the other region of the same
 *   partition (Beijing ↔ Ningxia; AWS Backup in China copies only between those two),
 *   kept as long. The point-in-time recovery of the table (35 days) is separate, and
 *   the quicker way back from a bad write (docs/operations.md, "Restore the table").
 * - S3 backups need a versioned bucket (the attachments bucket is) and AWS Backup's S3
 *   policies; the role also gets the cases key, through S3 in this region only, because
 *   the attachments are encrypted with it.
 *
 * A stack cannot create a vault in another region, so the copy vault is a stack of its
 * own (ShouhuBackupCopyStack, instantiated by infra/app.ts in the paired region, deployed
 * first); this stack refers to it by its ARN, built from its fixed name.
 */
import { Arn, ArnFormat, Aws, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** The copy vault's name, fixed so that the main stack can name it in another region. */
export const backupCopyVaultName = (stage: string) => `shouhu-${stage}-backup-copy`;

/** The AWS-managed policies for an AWS Backup role, as the AWS Backup documentation lists them. */
export const BACKUP_MANAGED_POLICIES = [
  'service-role/AWSBackupServiceRolePolicyForBackup',
  'service-role/AWSBackupServiceRolePolicyForRestores',
  'AWSBackupServiceRolePolicyForS3Backup',
  'AWSBackupServiceRolePolicyForS3Restore',
] as const;

export interface ShouhuBackupProps {
  stage: string;
  /** The table's ARN (created or restored). */
  tableArn: string;
  /** Versioned buckets to back up. */
  buckets: { bucket: s3.IBucket; key?: kms.IKey }[];
  retentionDays: number;
  /** The region of the copy vault (ShouhuBackupCopyStack), or none for no copy. */
  copyRegion?: string;
}

export class ShouhuBackup extends Construct {
  readonly vault: backup.BackupVault;
  readonly plan: backup.BackupPlan;
  readonly role: iam.Role;
  /** Fires on every backup or copy job that failed, was aborted or expired. */
  readonly failures: events.Rule;

  constructor(scope: Construct, id: string, props: ShouhuBackupProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const keep = Duration.days(props.retentionDays);

    const key = new kms.Key(this, 'VaultKey', {
      description: `Shouhu (${props.stage}): encrypts the backups in the vault shouhu-${props.stage}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: `shouhu-${props.stage}`,
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const copyActions = props.copyRegion
      ? [
          {
            destinationBackupVault: backup.BackupVault.fromBackupVaultArn(
              this,
              'CopyVault',
              Arn.format(
                {
                  service: 'backup',
                  region: props.copyRegion,
                  resource: 'backup-vault',
                  resourceName: backupCopyVaultName(props.stage),
                  arnFormat: ArnFormat.COLON_RESOURCE_NAME,
                },
                stack,
              ),
            ),
            deleteAfter: keep,
          },
        ]
      : [];
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `shouhu-${props.stage}`,
      backupVault: this.vault,
      backupPlanRules: [
        new backup.BackupPlanRule({
          ruleName: 'Daily',
          scheduleExpression: events.Schedule.cron({ minute: '0', hour: '18' }),
          startWindow: Duration.hours(1),
          completionWindow: Duration.hours(8),
          deleteAfter: keep,
          copyActions,
        }),
      ],
    });

    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
      description: 'AWS Backup: backs up and restores the Shouhu table and attachments bucket',
      managedPolicies: BACKUP_MANAGED_POLICIES.map((name) => iam.ManagedPolicy.fromAwsManagedPolicyName(name)),
    });
    for (const { key: bucketKey } of props.buckets) {
      if (!bucketKey) continue;
      // S3 reads and writes the encrypted objects for AWS Backup with this role.
      this.role.addToPolicy(
        new iam.PolicyStatement({
          actions: ['kms:Decrypt', 'kms:GenerateDataKey', 'kms:DescribeKey'],
          resources: [bucketKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `s3.${stack.region}.${Aws.URL_SUFFIX}` } },
        }),
      );
    }
    this.plan.addSelection('Data', {
      role: this.role,
      resources: [backup.BackupResource.fromArn(props.tableArn), ...props.buckets.map(({ bucket }) => backup.BackupResource.fromArn(bucket.bucketArn))],
    });

    this.failures = new events.Rule(this, 'JobFailed', {
      description: 'Shouhu: an AWS Backup backup or copy job failed, was aborted or expired',
      eventPattern: {
        source: ['aws.backup'],
        detailType: ['Backup Job State Change', 'Copy Job State Change'],
        detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] },
      },
    });

    for (const policy of BACKUP_MANAGED_POLICIES) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
        reason:
          "AWS Backup's own service-role policies, as its documentation prescribes for a backup role: AWS keeps them in step with what each resource type's backup and restore calls need; the role can be assumed by backup.amazonaws.com only, and the selection names the table and bucket.",
      });
    }
  }
}

export interface ShouhuBackupCopyStackProps extends StackProps {
  stage: string;
}

/** The vault that receives the copies, in the paired region (deployed before the main stack). */
export class ShouhuBackupCopyStack extends Stack {
  readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: ShouhuBackupCopyStackProps) {
    super(scope, id, props);
    const key = new kms.Key(this, 'VaultKey', {
      description: `Shouhu (${props.stage}): encrypts the backup copies in ${backupCopyVaultName(props.stage)}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: backupCopyVaultName(props.stage),
      encryptionKey: key,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}

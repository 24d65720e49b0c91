/**
 * Where the personal data of complaints and refund disputes is protected
 * beyond the table's own encryption:
 *
 * - **The cases key**: a customer-managed KMS key. The API wraps each case's
 *   data key with it (functions/crypto/kms-key-provider.ts: GenerateDataKey,
 *   Decrypt, with the encryption context `{ caseNumber }`), so every unwrap
 *   is in CloudTrail with its case number, and disabling the key makes every
 *   stored contact unreadable. Yearly rotation; retained when the stack goes
 *   (ciphertext outlives stacks).
 * - **The attachments bucket**: photos and PDFs families attach to a case.
 *   Private (all public access blocked, TLS only), encrypted with the cases
 *   key (SSE-KMS with a bucket key), its access logged to the site's log
 *   bucket, versioned, retained. Never an origin of CloudFront: the API reads
 *   and writes it by key, for staff who may see the case.
 *
 * `grantCaseKey(fn)` and `grantAttachments(fn)` give a function exactly that
 * (infra/constructs/api.ts); nothing else gets either. The same bucket holds
 * the background imports' files under `imports/` (the uploaded parts, the
 * report): `grantImportFiles(fn)` gives the import worker those objects only,
 * never a case's attachment, and the key as S3 uses it for the bucket.
 */
import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The encryption context the app binds to every case's data key
 * (functions/cases/intake.ts, functions/cases/staff.ts: `{ caseNumber }`).
 * The grant allows the key's use only with exactly these keys in the context.
 */
export const CASE_ENCRYPTION_CONTEXT_KEYS = ['caseNumber'] as const;
/** The one key of a follower's encryption context (functions/follow/service.ts `followContext`): `follow`. */
export const FOLLOW_ENCRYPTION_CONTEXT_KEYS = ['follow'] as const;
/** The one key of a staff member's TOTP secret's encryption context (functions/accounts/totp-secret.ts `totpContext`): `staff`. */
export const STAFF_ENCRYPTION_CONTEXT_KEYS = ['staff'] as const;
/** Where the background imports keep their files in the attachments bucket (functions/import/job.ts `importPartKey`). */
export const IMPORT_FILES_PREFIX = 'imports/';

/** Use of the key at `keyArn` only with an encryption context of exactly these keys (no more, no fewer). */
export function contextBoundKeyStatement(keyArn: string, keys: readonly string[], actions: readonly string[]): iam.PolicyStatement {
  return new iam.PolicyStatement({
    actions: [...actions],
    resources: [keyArn],
    conditions: {
      'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': [...keys] },
      // ForAllValues alone also matches a request with no context at all.
      Null: Object.fromEntries(keys.map((k) => [`kms:EncryptionContext:${k}`, 'false'])),
    },
  });
}

export interface ShouhuCaseDataProps {
  /** Where the attachments bucket's access logs go (the site's log bucket). */
  logBucket: s3.IBucket;
  /** Part of the key's alias, `alias/shouhu-<stage>-cases`. */
  stage: string;
}

export class ShouhuCaseData extends Construct {
  readonly key: kms.Key;
  readonly attachments: s3.Bucket;

  constructor(scope: Construct, id: string, props: ShouhuCaseDataProps) {
    super(scope, id);

    this.key = new kms.Key(this, 'Key', {
      description: `Shouhu (${props.stage}): wraps the data keys of complaints' and refund disputes' personal data, and encrypts their attachments`,
      enableKeyRotation: true,
      // Every stored contact and attachment is unreadable without it: never deleted with the stack.
      removalPolicy: RemovalPolicy.RETAIN,
      pendingWindow: Duration.days(30),
      alias: `alias/shouhu-${props.stage}-cases`,
    });

    this.attachments = new s3.Bucket(this, 'Attachments', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      encryption: s3.BucketEncryption.KMS,
      encryptionKey: this.key,
      // One data key per bucket and period instead of a KMS call per object.
      bucketKeyEnabled: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      // A deleted or overwritten attachment (the retention purge) is gone for good after 30 days.
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      serverAccessLogsBucket: props.logBucket,
      serverAccessLogsPrefix: 's3/attachments/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * GenerateDataKey and Decrypt on the cases key only, and only with the case encryption
   * context: a context with exactly the key `caseNumber` (no more, no fewer).
   */
  grantCaseKey(grantee: iam.IGrantable): void {
    this.grantForContext(grantee, CASE_ENCRYPTION_CONTEXT_KEYS, ['kms:GenerateDataKey', 'kms:Decrypt']);
  }

  /**
   * The cases key for followers' sealed mobiles (functions/follow/): only with the follow
   * encryption context (exactly the key `follow`); the API seals (GenerateDataKey), the
   * message sender opens (Decrypt).
   */
  grantFollowKey(grantee: iam.IGrantable, actions: ReadonlyArray<'kms:GenerateDataKey' | 'kms:Decrypt'>): void {
    this.grantForContext(grantee, FOLLOW_ENCRYPTION_CONTEXT_KEYS, actions);
  }

  /**
   * The cases key for staff members' TOTP secrets (functions/accounts/totp-secret.ts): only
   * with the staff encryption context (exactly the key `staff`). The API seals a secret when a
   * member enrols and opens it at every sign-in.
   */
  grantStaffKey(grantee: iam.IGrantable): void {
    this.grantForContext(grantee, STAFF_ENCRYPTION_CONTEXT_KEYS, ['kms:GenerateDataKey', 'kms:Decrypt']);
  }

  private grantForContext(grantee: iam.IGrantable, keys: readonly string[], actions: readonly string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(contextBoundKeyStatement(this.key.keyArn, keys, actions));
  }

  /**
   * Reads and writes of the attachments' objects (no listing, no deleting: only the
   * retention purge deletes them, infra/constructs/jobs.ts), and the cases key as S3 uses it for them:
   * through S3 in this region, with this bucket as the encryption context.
   */
  grantAttachments(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.attachments.arnForObjects('*')] }),
    );
    this.grantBucketKey(grantee);
  }

  /**
   * The background imports' files in the same bucket (functions/import/job.ts: the
   * uploaded parts and the report, `imports/<job>/…`): reads and writes under
   * `imports/` only, never a case's attachment, and the bucket's key as for attachments.
   */
  grantImportFiles(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.attachments.arnForObjects(`${IMPORT_FILES_PREFIX}*`)] }),
    );
    this.grantBucketKey(grantee);
  }

  /** The cases key as S3 uses it for this bucket's objects: through S3 in this region, with this bucket as the context. */
  private grantBucketKey(grantee: iam.IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: { 'kms:ViaService': `s3.${Stack.of(this).region}.${Aws.URL_SUFFIX}` },
          // With a bucket key the context is the bucket's ARN; without one, the object's.
          StringLike: { 'kms:EncryptionContext:aws:s3:arn': [this.attachments.bucketArn, this.attachments.arnForObjects('*')] },
        },
      }),
    );
  }
}

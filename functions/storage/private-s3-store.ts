/**
 * The private file store in AWS: a bucket of its own (not the site bucket),
 * with public access blocked, encryption at rest, and no CloudFront origin
 * pointing at it; only the API function may read and write it (the bucket
 * is ShouhuCaseData's `attachments` in infra/constructs/cases.ts, named by
 * ATTACHMENTS_BUCKET). Each object is written with its SHA-256 checksum, so
 * S3 refuses bytes that changed on the way. Encryption at rest is the
 * bucket's default (SSE-KMS with the cases key); `kmsKeyId` only for a
 * bucket without one.
 */
// eslint-disable-next-line no-restricted-imports -- the private store is the one other S3 user beside the public store (functions/storage/s3-store.ts); a type only, the client loads on first use there
import type { S3Client } from '@aws-sdk/client-s3';
import type { PrivateStore } from './private-store.ts';
import { s3OnFirstUse } from './s3-store.ts';

export function createPrivateS3Store(options: { bucket: string; region: string; kmsKeyId?: string; client?: S3Client }): PrivateStore {
  const client = s3OnFirstUse(options);
  const Bucket = options.bucket;
  return {
    async put(key, body, { contentType, sha256 }) {
      const { sdk, s3 } = await client();
      await s3.send(
        new sdk.PutObjectCommand({
          Bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
          ...(options.kmsKeyId ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: options.kmsKeyId } : {}),
        }),
      );
    },
    async get(key) {
      const { sdk, s3 } = await client();
      try {
        const out = await s3.send(new sdk.GetObjectCommand({ Bucket, Key: key }));
        return Buffer.from(await out.Body!.transformToByteArray());
      } catch (error) {
        if (error instanceof sdk.NoSuchKey) return null;
        throw error;
      }
    },
    async delete(key) {
      const { sdk, s3 } = await client();
      await s3.send(new sdk.DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}

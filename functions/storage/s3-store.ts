/**
 * The public store in AWS: the site bucket, read and written with the S3 API.
 *
 * The S3 client is loaded on first use, not at cold start (as the KMS client,
 * functions/crypto/aws-kms.ts): importing an SDK client costs tens of
 * milliseconds, and health checks, sign-in and every write of a case never
 * touch the bucket (docs/benchmarks.md). A failed load is tried again on the
 * next call.
 */
import type * as S3Sdk from '@aws-sdk/client-s3';
import type { S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { firstUse } from '../lib/first-use.ts';
import type { PublicStore } from './types.ts';

/** User metadata on every object written: the SHA-256 of its body (x-amz-meta-sha256), read back by HeadObject. */
const HASH_METADATA = 'sha256';

export type S3Module = typeof S3Sdk;

/** @aws-sdk/client-s3, imported once, when first needed; also for the private store (./private-s3-store.ts). */
export const loadS3Sdk: () => Promise<S3Module> = firstUse(() => import('@aws-sdk/client-s3'));

/** The SDK and one client for the function's life, both made on the first call. */
export function s3OnFirstUse(options: { region: string; client?: S3Client }): () => Promise<{ sdk: S3Module; s3: S3Client }> {
  let made: { sdk: S3Module; s3: S3Client } | undefined;
  return async () => {
    if (made) return made;
    const loaded = await loadS3Sdk();
    made ??= { sdk: loaded, s3: options.client ?? new loaded.S3Client({ region: options.region }) };
    return made;
  };
}

export function createS3Store(options: { bucket: string; region: string; client?: S3Client }): PublicStore {
  const client = s3OnFirstUse(options);
  const Bucket = options.bucket;
  const missing = (sdk: S3Module, error: unknown) => error instanceof sdk.NoSuchKey || error instanceof sdk.NotFound;
  return {
    async get(key) {
      const { sdk, s3 } = await client();
      try {
        const out = await s3.send(new sdk.GetObjectCommand({ Bucket, Key: key }));
        const body = Buffer.from(await out.Body!.transformToByteArray());
        return { body, etag: out.ETag ?? '' };
      } catch (error) {
        if (missing(sdk, error)) return null;
        throw error;
      }
    },
    async etag(key) {
      const { sdk, s3 } = await client();
      try {
        return (await s3.send(new sdk.HeadObjectCommand({ Bucket, Key: key }))).ETag ?? null;
      } catch (error) {
        if (missing(sdk, error)) return null;
        throw error;
      }
    },
    async put(key, body, { contentType, cacheControl }) {
      const { sdk, s3 } = await client();
      const sha256 = createHash('sha256').update(body).digest('hex');
      // PutObject replaces the object at once: a reader gets the old file or the new one, never half of one.
      await s3.send(new sdk.PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl, Metadata: { [HASH_METADATA]: sha256 } }));
    },
    async sha256(key) {
      const { sdk, s3 } = await client();
      try {
        return (await s3.send(new sdk.HeadObjectCommand({ Bucket, Key: key }))).Metadata?.[HASH_METADATA] ?? null;
      } catch (error) {
        if (missing(sdk, error)) return null;
        throw error;
      }
    },
  };
}

/** The public store in AWS: the site bucket, read and written with the S3 API. */
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import type { PublicStore } from './types.ts';

/** User metadata on every object written: the SHA-256 of its body (x-amz-meta-sha256), read back by HeadObject. */
const HASH_METADATA = 'sha256';

export function createS3Store(options: { bucket: string; region: string; client?: S3Client }): PublicStore {
  const s3 = options.client ?? new S3Client({ region: options.region });
  const Bucket = options.bucket;
  const missing = (error: unknown) => error instanceof NoSuchKey || error instanceof NotFound;
  return {
    async get(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
        const body = Buffer.from(await out.Body!.transformToByteArray());
        return { body, etag: out.ETag ?? '' };
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async etag(key) {
      try {
        return (await s3.send(new HeadObjectCommand({ Bucket, Key: key }))).ETag ?? null;
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
    async put(key, body, { contentType, cacheControl }) {
      const sha256 = createHash('sha256').update(body).digest('hex');
      // PutObject replaces the object at once: a reader gets the old file or the new one, never half of one.
      await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl, Metadata: { [HASH_METADATA]: sha256 } }));
    },
    async sha256(key) {
      try {
        return (await s3.send(new HeadObjectCommand({ Bucket, Key: key }))).Metadata?.[HASH_METADATA] ?? null;
      } catch (error) {
        if (missing(error)) return null;
        throw error;
      }
    },
  };
}

/** The public store in AWS: the site bucket, read and written with the S3 API. */
import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { PublicStore } from './types.ts';

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
      await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl }));
    },
  };
}

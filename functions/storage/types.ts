/**
 * The public file store: where the site's published files live. In AWS it
 * is the site bucket behind CloudFront; locally a folder under .data/ laid
 * over the built site. The publisher writes institution pages, the search
 * snapshot and open data here; the API reads the snapshot and the page shell.
 */
export interface StoredFile {
  body: Buffer;
  /** Changes whenever the content changes. */
  etag: string;
}

export interface PutOptions {
  contentType: string;
  cacheControl: string;
}

export interface PublicStore {
  get(key: string): Promise<StoredFile | null>;
  /** The file's etag without reading it, or null when it does not exist. */
  etag(key: string): Promise<string | null>;
  put(key: string, body: string | Buffer, options: PutOptions): Promise<void>;
  /**
   * The SHA-256 (hex) of the file's content as it was written, or null when it
   * does not exist (or was written without one): what `onlyChanged`
   * (./changed-only.ts) compares before writing. Optional: without it the
   * file is read and hashed.
   */
  sha256?(key: string): Promise<string | null>;
}

/** Cache lifetimes, in seconds: short enough that a change is public within a minute. */
export const CACHE = {
  /** Institution pages, the search snapshot, open data: CDN and browsers revalidate after this. */
  published: 'public, max-age=15, s-maxage=15, stale-while-revalidate=15',
  /** Search answers from the API. */
  searchAnswer: 'public, max-age=15, s-maxage=15',
} as const;

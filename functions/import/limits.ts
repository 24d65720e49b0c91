/**
 * The import's sizes, in one place for the API and the console's script
 * (site/src/scripts/admin/import.ts): pure constants, nothing else.
 */

/** The largest file one request takes (the dry run, and the import at once): under Lambda's 6 MB event once base64-encoded. */
export const MAX_IMPORT_BYTES = 4 * 1024 * 1024;
/** One uploaded part of a background import's file. */
export const IMPORT_PART_BYTES = 3 * 1024 * 1024;
/** The largest file a background import takes (100,000 rows as GBK CSV are about 16 MB). */
export const MAX_JOB_BYTES = 40 * 1024 * 1024;
/** The most rows a background import takes. */
export const MAX_JOB_ROWS = 100_000;

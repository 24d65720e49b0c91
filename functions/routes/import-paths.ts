/**
 * The two staff paths whose bodies are larger than the app's 64 KB limit: the
 * registry import (one file) and a background import's parts. Here, not in their
 * route modules, because the app's body limit reads them on every request and the
 * staff routes are loaded on first use (functions/groups/staff.ts).
 */
export const IMPORT_PATH = '/api/admin/institutions/import';

/** Where a background import's parts are sent. */
export const IMPORT_PART_PATH = /^\/api\/admin\/institutions\/import-jobs\/[a-z0-9]{8,40}\/parts\/\d{1,3}$/;

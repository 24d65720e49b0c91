/** Keeping a filed form's attachments: the bytes in the private store (never the public one), their metadata on the case. */
import type { Context } from 'hono';
import type { SubmitResult } from '../../cases/intake.ts';
import { listAttachments, recordAttachments } from '../../data/cases.ts';
import type { AppEnv } from '../../lib/openapi.ts';
import { attachmentStorageKey, type PreparedAttachment } from '../../storage/private-attachments.ts';
import type { PrivateStore } from '../../storage/private-store.ts';
import type { AttachmentOutcome } from './receipt.ts';

/**
 * Keeps the files once the case exists: the bytes in the private store, then
 * their metadata on the case. A repeat of the same form (a retry) writes the
 * same keys; it records files only when the case has none yet (the first
 * attempt failed to keep them), and refuses different ones. A failure here
 * does not undo the case: the receipt says the files were not kept.
 */
export async function keepAttachments(privateStore: PrivateStore, c: Context<AppEnv>, result: SubmitResult, files: PreparedAttachment[]): Promise<AttachmentOutcome | 'mismatch'> {
  if (files.length === 0) return { state: 'none' };
  const caseNumber = result.receipt.caseNumber;
  if (result.replayed) {
    const existing = await listAttachments(c.var.db, caseNumber);
    if (existing.length) {
      const ids = new Set(existing.map((a) => a.id));
      return files.every((file) => ids.has(file.id)) ? { state: 'saved', count: existing.length } : 'mismatch';
    }
  }
  const at = c.var.now().toISOString();
  try {
    const stored = [];
    for (const file of files) {
      const storageKey = attachmentStorageKey(caseNumber, file);
      await privateStore.put(storageKey, file.bytes, { contentType: file.type, sha256: file.sha256 });
      stored.push({ id: file.id, type: file.type, size: file.size, sha256: file.sha256, createdAt: at, storageKey });
    }
    await recordAttachments(c.var.db, caseNumber, stored);
    return { state: 'saved', count: stored.length };
  } catch (error) {
    const err = error as Error;
    console.error(JSON.stringify({ level: 'error', msg: 'attachments_not_kept', name: err.name, stack: err.stack }));
    return { state: 'failed' };
  }
}

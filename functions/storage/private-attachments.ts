/**
 * A form's files, made ready to keep: each checked by its content (the
 * shared rules: shared/schemas/cases.ts `checkAttachments`, the same the
 * page's script applies before sending), PDFs refused when they carry
 * scripts or embedded files, each hashed (SHA-256) and named by its hash, so
 * the same file sent twice is kept once and a retry writes the same keys.
 * Nothing is written here: the route writes the files once the case exists.
 */
import { createHash } from 'node:crypto';
import {
  ATTACHMENT_EXTENSIONS,
  attachmentMessages,
  checkAttachments,
  pdfHasActiveContent,
  type AttachmentType,
} from '#shared/schemas/cases.ts';

export interface ReceivedFile {
  /** As the browser named it: for messages only, never stored. */
  name: string;
  bytes: Uint8Array;
}

export interface PreparedAttachment {
  id: string;
  type: AttachmentType;
  size: number;
  sha256: string;
  bytes: Uint8Array;
}

export type PreparedFiles = { ok: true; files: PreparedAttachment[] } | { ok: false; message: string };

export function prepareAttachments(received: readonly ReceivedFile[]): PreparedFiles {
  const checked = checkAttachments(received.map((f) => ({ name: f.name, size: f.bytes.length, head: f.bytes.subarray(0, 16) })));
  if (!checked.ok) return checked;
  const files = new Map<string, PreparedAttachment>();
  received.forEach((file, i) => {
    const type = checked.types[i]!;
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    files.set(sha256, { id: sha256.slice(0, 24), type, size: file.bytes.length, sha256, bytes: file.bytes });
  });
  for (const [i, file] of received.entries()) {
    if (checked.types[i] === 'application/pdf' && pdfHasActiveContent(file.bytes)) return { ok: false, message: attachmentMessages.activePdf(file.name) };
  }
  return { ok: true, files: [...files.values()] };
}

/** Where a case's file is kept in the private store. */
export function attachmentStorageKey(caseNumber: string, file: Pick<PreparedAttachment, 'id' | 'type'>): string {
  return `cases/${caseNumber}/${file.id}.${ATTACHMENT_EXTENSIONS[file.type]}`;
}

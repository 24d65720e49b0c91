/**
 * Attachments: photos (JPEG, PNG) or PDF, the type told by the content
 * Part of shared/schemas/cases.ts (which re-exports every part).
 */
import { z } from 'zod';
import { Timestamp } from '../common.ts';

export const AttachmentTypes = ['image/jpeg', 'image/png', 'application/pdf'] as const;
export type AttachmentType = (typeof AttachmentTypes)[number];
export const ATTACHMENT_EXTENSIONS: Record<AttachmentType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'application/pdf': 'pdf' };

const MiB = 1024 * 1024;

/**
 * How much a form may carry. In AWS the form reaches Lambda through API
 * Gateway, which hands a binary (multipart) body to the function base64
 * encoded, inside an invocation payload capped at 6 MB: 4 MiB of body
 * becomes about 5.6 MB, leaving room for the headers. So a request is at
 * most 4 MiB; the files in it at most 3.5 MiB together (the rest is the
 * text and the multipart framing); one file at most 3 MiB (a phone photo
 * at full resolution is often more: the form says to send a screenshot or a
 * smaller copy); at most 3 files.
 */
export const ATTACHMENT_LIMITS = {
  maxFiles: 3,
  maxFileBytes: 3 * MiB,
  maxTotalBytes: 3.5 * MiB,
  maxRequestBytes: 4 * MiB,
} as const;

/** The first bytes of each accepted type (its "magic number"). */
const SIGNATURES: ReadonlyArray<readonly [AttachmentType, readonly number[]]> = [
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]],
];

/** What a file is, by its first bytes (never by its name or the type the browser declared); null when it is none of ours. */
export function sniffAttachmentType(head: Uint8Array): AttachmentType | null {
  for (const [type, signature] of SIGNATURES) {
    if (head.length >= signature.length && signature.every((byte, i) => head[i] === byte)) return type;
  }
  return null;
}

/** Does a PDF carry something that acts when opened (script, launch actions, embedded files)? Staff open these files. */
export function pdfHasActiveContent(bytes: Uint8Array): boolean {
  // PDF names are ASCII; reading the bytes as Latin-1 keeps offsets and never fails.
  let text = '';
  for (let i = 0; i < bytes.length; i += 65_536) text += String.fromCharCode(...bytes.subarray(i, i + 65_536));
  return /\/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b/.test(text);
}

const shortName = (name: string) => {
  const clean = name.replace(/[\u0000-\u001f\u007f]/g, '').trim() || '未命名文件';
  return clean.length > 40 ? `${clean.slice(0, 37)}…` : clean;
};
const megabytes = (bytes: number) => `${(bytes / MiB).toFixed(1).replace(/\.0$/, '')}MB`;

export const attachmentMessages = {
  tooMany: `最多上传${ATTACHMENT_LIMITS.maxFiles}个文件，请删去多余的文件`,
  wrongType: (name: string) => `“${shortName(name)}”不是照片（JPEG、PNG）或 PDF 文件，无法接收。请换成照片、截图或 PDF 后再上传`,
  tooBig: (name: string) =>
    `“${shortName(name)}”超过了${megabytes(ATTACHMENT_LIMITS.maxFileBytes)}。请上传截图或压缩后的照片（每个文件不超过${megabytes(ATTACHMENT_LIMITS.maxFileBytes)}）`,
  totalTooBig: `附件合计超过了${megabytes(ATTACHMENT_LIMITS.maxTotalBytes)}。请少传一个文件，或上传截图、压缩后的照片`,
  activePdf: (name: string) => `“${shortName(name)}”里含有脚本或嵌入的文件，为了安全无法接收。请改为上传照片或截图`,
  reselect: '出于安全原因，浏览器不会保留已选择的附件：请重新选择要上传的文件',
} as const;

/** A file as the form sent it: its name (for messages only), its size and its first bytes. */
export interface AttachmentCandidate {
  name: string;
  size: number;
  /** At least the first 8 bytes. */
  head: Uint8Array;
}

/** Checks a form's files against the limits and types: the first problem, or each file's type. */
export function checkAttachments(files: readonly AttachmentCandidate[]): { ok: true; types: AttachmentType[] } | { ok: false; message: string } {
  if (files.length > ATTACHMENT_LIMITS.maxFiles) return { ok: false, message: attachmentMessages.tooMany };
  const types: AttachmentType[] = [];
  for (const file of files) {
    const type = sniffAttachmentType(file.head);
    if (!type) return { ok: false, message: attachmentMessages.wrongType(file.name) };
    if (file.size > ATTACHMENT_LIMITS.maxFileBytes) return { ok: false, message: attachmentMessages.tooBig(file.name) };
    types.push(type);
  }
  if (files.reduce((sum, f) => sum + f.size, 0) > ATTACHMENT_LIMITS.maxTotalBytes) return { ok: false, message: attachmentMessages.totalTooBig };
  return { ok: true, types };
}

/** A file kept with a case (in the private store, never served publicly): what staff see of it. */
export const CaseAttachment = z
  .object({
    /** The first 24 hex digits of its SHA-256: the same file twice is kept once. */
    id: z.string().regex(/^[0-9a-f]{24}$/),
    type: z.enum(AttachmentTypes),
    size: z.number().int().positive(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: Timestamp,
  })
  .meta({ id: 'CaseAttachment', description: '附件（照片或 PDF，按内容识别类型，私密保存，只有牵头办理部门可以下载）' });
export type CaseAttachment = z.infer<typeof CaseAttachment>;

/**
 * Staff: a case's attachments (GET /api/admin/cases/{n}/attachments[/{id}]),
 * mounted under /api/admin/cases by functions/app.ts: the list for the
 * departments handling the case, the download for its lead department only,
 * every download audited.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import { EXAMPLE_CASE_NUMBER } from '#shared/rules/receipt-format.ts';
import { ATTACHMENT_EXTENSIONS, CaseAttachment } from '#shared/schemas/cases.ts';
import { audit, currentStaff } from '../../auth/index.ts';
import { canRevealContact, canSeeCase } from '../../cases/staff.ts';
import { getAttachment, getCase, listAttachments } from '../../data/cases.ts';
import { ApiError } from '../../lib/errors.ts';
import { createRouter, type AppEnv } from '../../lib/openapi.ts';
import type { PrivateStore } from '../../storage/private-store.ts';
import { errorResponse } from '../schemas.ts';

const AttachmentParams = z.object({
  caseNumber: z.string().max(40).meta({ example: EXAMPLE_CASE_NUMBER }),
  attachmentId: z.string().regex(/^[0-9a-f]{24}$/, { error: t.cases.attachmentsAdmin.badId }),
});
const adminErrors = {
  400: errorResponse('The case number fails its check character, or the attachment id is malformed'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not a department that may see this case (list) or its lead department (download); audited'),
  404: errorResponse('No such case or attachment'),
};

const listRoute = createRoute({
  method: 'get',
  path: '/{caseNumber}/attachments',
  summary: "A case's attachments (type, size, SHA-256), for the departments handling it",
  request: { params: AttachmentParams.pick({ caseNumber: true }) },
  responses: {
    200: { description: 'The attachments', content: { 'application/json': { schema: z.object({ items: z.array(CaseAttachment) }).meta({ id: 'CaseAttachmentList' }) } } },
    ...adminErrors,
  },
});

const downloadRoute = createRoute({
  method: 'get',
  path: '/{caseNumber}/attachments/{attachmentId}',
  summary: 'Download one attachment: the lead department only; every download audited',
  description: "Served as a download (Content-Disposition: attachment) with the type found from its content, `nosniff`, and the API's CSP (`default-src 'none'`).",
  request: { params: AttachmentParams },
  responses: {
    200: {
      description: 'The file',
      content: Object.fromEntries(Object.keys(ATTACHMENT_EXTENSIONS).map((type) => [type, { schema: z.string().meta({ format: 'binary' }) }])),
    },
    ...adminErrors,
  },
});

export function caseAttachmentsAdmin(options: { privateStore: PrivateStore }) {
  const caseOf = async (c: Context<AppEnv>, raw: string) => {
    const caseNumber = parseCaseNumber(raw);
    if (!caseNumber) throw new ApiError(400, 'validation', undefined, { caseNumber: t.cases.track.badCaseNumber });
    const stored = await getCase(c.var.db, caseNumber);
    if (!stored) throw new ApiError(404, 'not_found', t.cases.attachmentsAdmin.notFound);
    return stored;
  };
  return createRouter()
    .openapi(listRoute, async (c) => {
      const stored = await caseOf(c, c.req.valid('param').caseNumber);
      const n = stored.record.caseNumber;
      if (!canSeeCase(currentStaff(c).department.id, stored)) {
        await audit(c, 'permission_denied', { reason: `case_out_of_scope:${n}` });
        throw new ApiError(403, 'forbidden', t.cases.staff.notYourCase);
      }
      const items = (await listAttachments(c.var.db, n)).map(({ storageKey: _k, ...a }) => a);
      c.header('Cache-Control', 'no-store');
      return c.json({ items }, 200);
    })
    .openapi(downloadRoute, async (c) => {
      const { caseNumber: raw, attachmentId } = c.req.valid('param');
      const stored = await caseOf(c, raw);
      const n = stored.record.caseNumber;
      if (!canRevealContact(currentStaff(c).department.id, stored)) {
        await audit(c, 'permission_denied', { reason: `attachment_not_lead:${n}` });
        throw new ApiError(403, 'forbidden', t.cases.attachmentsAdmin.leadOnly);
      }
      const meta = await getAttachment(c.var.db, n, attachmentId);
      const bytes = meta ? await options.privateStore.get(meta.storageKey) : null;
      if (!meta || !bytes) throw new ApiError(404, 'not_found', t.cases.attachmentsAdmin.notFound);
      // Audited before a byte is sent: a download is never answered without its record.
      await audit(c, 'attachment_downloaded', { reason: `case:${n}:${meta.id}` });
      return c.body(new Uint8Array(bytes), 200, {
        'Content-Type': meta.type,
        'Content-Disposition': `attachment; filename="${n}-${meta.id}.${ATTACHMENT_EXTENSIONS[meta.type]}"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
    });
}

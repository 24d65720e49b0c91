/**
 * Cases, for regulators: the department's queue, a case, and its contact.
 * Mounted under /api/admin/cases, behind sign-in and CSRF checks (functions/app.ts).
 *
 * Who sees what (functions/cases/staff.ts): the offices handling a case (lead
 * and co-handling) and the city-level office of each one's kind see it in
 * their queue and may read it, contacts masked; only the lead office may
 * reveal the full contact (editors: handlers, not read-only viewers), and
 * every reveal is audited.
 *
 * Staff of any other department get 403, audited as `permission_denied`,
 * rather than 404: staff are signed-in, accountable insiders, every refusal
 * is in the audit log, and a 404 would have them tell a family who calls with
 * a real case number that it does not exist. That the case exists is all a
 * 403 tells them; nothing of its content.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import { RevealedContact, StaffCaseDetail, StaffCaseSummary } from '#shared/schemas/cases.ts';
import { audit, currentStaff, requireStaff } from '../auth/index.ts';
import { caseServices, type CaseServiceOptions } from '../cases/services.ts';
import { canRevealContact, canSeeCase, revealPersonalData } from '../cases/staff.ts';
import { BadCursor, getCase, listCaseEvents, listQueue, type StoredCase } from '../data/cases.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const CaseNumberParam = z.object({ caseNumber: z.string().max(40).meta({ example: '2611-3852-0917-5' }) });
const errors = {
  400: errorResponse('The case number fails its check character, or the cursor is not one this list gave'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not a department handling this case (or, to reveal a contact, not its lead department or not an editor); audited'),
};

const list = createRoute({
  method: 'get',
  path: '/',
  summary: "The signed-in staff member's department queue: open cases, most urgent first, then by accept deadline",
  request: {
    query: z.object({
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(100).optional(),
    }),
  },
  responses: {
    200: json(z.object({ items: z.array(StaffCaseSummary), cursor: z.string().optional() }).meta({ id: 'StaffCaseQueuePage' }), 'A page of the queue'),
    ...errors,
  },
});

const read = createRoute({
  method: 'get',
  path: '/{caseNumber}',
  summary: 'One case: narrative, routing and events (every event, internal ones included), contact masked',
  request: { params: CaseNumberParam },
  responses: { 200: json(StaffCaseDetail, 'The case'), ...errors, 404: errorResponse('No such case') },
});

const reveal = createRoute({
  method: 'post',
  path: '/{caseNumber}/reveal-contact',
  summary: "The family's full contact, for the lead department's handlers; audited",
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: CaseNumberParam },
  responses: { 200: json(RevealedContact, 'The contact (null when the family gave none, or it was deleted after retention)'), ...errors, 404: errorResponse('No such case') },
});

function caseNumberOf(raw: string): string {
  const caseNumber = parseCaseNumber(raw);
  if (!caseNumber) throw new ApiError(400, 'validation', undefined, { caseNumber: t.cases.track.badCaseNumber });
  return caseNumber;
}

async function loadVisible(c: Context<AppEnv>, raw: string): Promise<StoredCase> {
  const caseNumber = caseNumberOf(raw);
  const stored = await getCase(c.var.db, caseNumber);
  if (!stored) throw new ApiError(404, 'not_found', '没有这个编号的案件');
  if (!canSeeCase(currentStaff(c).department.id, stored)) {
    await audit(c, 'permission_denied', { reason: `case_out_of_scope:${caseNumber}` });
    throw new ApiError(403, 'forbidden', t.cases.staff.notYourCase);
  }
  return stored;
}

export function adminCases(options: CaseServiceOptions = {}) {
  const services = caseServices(options);
  return createRouter()
    .openapi(list, async (c) => {
      const { cursor, limit } = c.req.valid('query');
      try {
        const page = await listQueue(c.var.db, { departmentId: currentStaff(c).department.id, ...(cursor ? { cursor } : {}), ...(limit ? { limit } : {}) });
        return c.json(page, 200);
      } catch (error) {
        if (error instanceof BadCursor) throw new ApiError(400, 'validation', undefined, { cursor: t.cases.staff.badCursor });
        throw error;
      }
    })
    .openapi(read, async (c) => {
      const stored = await loadVisible(c, c.req.valid('param').caseNumber);
      const { contactMasked, ...record } = stored.record;
      return c.json({ case: record, contact: contactMasked ?? null, events: await listCaseEvents(c.var.db, record.caseNumber) }, 200);
    })
    .openapi(reveal, async (c) => {
      const stored = await loadVisible(c, c.req.valid('param').caseNumber);
      const caseNumber = stored.record.caseNumber;
      if (!canRevealContact(currentStaff(c).department.id, stored)) {
        await audit(c, 'permission_denied', { reason: `reveal_not_lead:${caseNumber}` });
        throw new ApiError(403, 'forbidden', t.cases.staff.leadOnly);
      }
      // Audited before anything is decrypted: a reveal is never answered without its record.
      await audit(c, 'contact_revealed', { reason: `case:${caseNumber}` });
      return c.json(await revealPersonalData(c.var.db, services.keys, caseNumber), 200);
    });
}

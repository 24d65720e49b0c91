/**
 * Cases, for regulators: the department's queue (filtered, paged from the
 * index), the overdue and due-soon counts, a case with what this member of
 * staff may do to it, every step of the transition table (accept, decline,
 * transfer, conclude, claim, assign, merge, ...), the colleagues a case can
 * be assigned to, and the family's contact.
 * Mounted under /api/admin/cases, behind sign-in and CSRF checks (functions/app.ts).
 *
 * Who sees what (functions/cases/staff.ts, functions/cases/transitions.ts):
 * the offices handling a case (lead and co-handling) and the city-level
 * office of each one's kind see it in their queue and may read it, contacts
 * masked; what each may do is the transition table's to say
 * (shared/rules/case-transitions.ts); only the lead office may reveal the
 * full contact (editors: handlers, not read-only viewers), and every reveal
 * is audited.
 *
 * Staff of any other department get 403, audited as `permission_denied`,
 * rather than 404: staff are signed-in, accountable insiders, every refusal
 * is in the audit log, and a 404 would have them tell a family who calls with
 * a real case number that it does not exist. That the case exists is all a
 * 403 tells them; nothing of its content.
 *
 * Two members of staff acting at once: each step carries the version it was
 * read at; the second gets 409 with the case as it now is (`current`), never
 * a silent overwrite.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { parseCaseNumber } from '#shared/rules/case-number.ts';
import { hasAnyRole } from '#shared/rules/scope.ts';
import { dueSoonBefore } from '#shared/rules/deadlines.ts';
import { endOfCstDay, startOfCstDay } from '#shared/rules/working-days.ts';
import {
  CaseAssigneeList,
  CaseQueueFilterFields,
  CaseQueueOverview,
  CaseQueuePage,
  CaseTransitionInput,
  RevealedContact,
  StaffCaseDetail,
  triageFieldMessages,
} from '#shared/schemas/cases.ts';
import { audit, currentStaff, requireStaff } from '../auth/index.ts';
import { performCaseAction } from '../cases/merge.ts';
import { caseServices, type CaseServiceOptions } from '../cases/services.ts';
import { canRevealContact, revealPersonalData } from '../cases/staff.ts';
import type { KeyProvider } from '../crypto/envelope.ts';
import {
  CaseConflict,
  caseDetailFor,
  CaseNotFound,
  CaseNotVisible,
  loadForStaff,
  TransitionInvalid,
  TransitionRefused,
  TriageBusy,
} from '../cases/transitions.ts';
import { BadCursor, countQueue, listQueue, type StoredCase } from '../data/cases.ts';
import { listStaffByDepartment } from '../data/staff.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';
import { EXAMPLE_CASE_NUMBER } from '#shared/rules/receipt-format.ts';

const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const CaseNumberParam = z.object({ caseNumber: z.string().max(40).meta({ example: EXAMPLE_CASE_NUMBER }) });
const errors = {
  400: errorResponse('The case number fails its check character, or the cursor is not one this list gave'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Not a department handling this case (or, to reveal a contact, not its lead department or not an editor); audited'),
};

const list = createRoute({
  method: 'get',
  path: '/',
  summary: "The signed-in staff member's department queue: open cases most urgent first, then due first (or closed ones, latest first), filtered, a page at a time",
  description:
    'Filters combine. A kind, an institution, a state or a district reads its own index partition, and dates a range of its date key (then the list is latest submitted first). Two or more of kind, institution, state and district (with or without dates) read the index partition of that combination, so every filter answers full pages; like every list, an index read by DynamoDB a moment after each write.',
  request: {
    query: CaseQueueFilterFields.extend({
      cursor: z.string().max(2000).optional(),
      limit: z.coerce.number().int().min(1).max(100).optional(),
    }).refine((f) => !f.from || !f.to || f.from <= f.to, { error: triageFieldMessages.dateRange, path: ['to'] }),
  },
  responses: { 200: json(CaseQueuePage, 'A page of the queue'), ...errors },
});

const overview = createRoute({
  method: 'get',
  path: '/overview',
  summary: "At a glance: the department's open cases past their deadline, due before the end of the next working day, and paused",
  responses: { 200: json(CaseQueueOverview, 'The counts'), 401: errors[401] },
});

const assignees = createRoute({
  method: 'get',
  path: '/assignees',
  summary: "The signed-in staff member's colleagues a case can be assigned to (handlers of the same department)",
  responses: { 200: json(CaseAssigneeList, 'Handlers, with whether each is a supervisor'), 401: errors[401] },
});

const read = createRoute({
  method: 'get',
  path: '/{caseNumber}',
  summary: 'One case: narrative, routing and events (every event, internal ones included), contact masked, the actions this member of staff may take, related cases',
  request: { params: CaseNumberParam },
  responses: { 200: json(StaffCaseDetail, 'The case'), ...errors, 404: errorResponse('No such case') },
});

const transition = createRoute({
  method: 'post',
  path: '/{caseNumber}/transitions',
  summary: 'Take a step on a case: accept, decline, transfer, start, pause, resume, progress, conclude, claim, assign, note, merge',
  description:
    'Only as the transition table allows (shared/rules/case-transitions.ts: from, action, to, who, required fields). `expectedVersion` is the version read: a step on an older one is refused with 409 and the case as it now is in `error.current`.',
  middleware: [requireStaff({ roles: ['editor'] })] as const,
  request: { params: CaseNumberParam, body: { required: true, content: { 'application/json': { schema: CaseTransitionInput } } } },
  responses: {
    200: json(StaffCaseDetail, 'Done: the case as it now is'),
    400: errorResponse('`validation`: a field the step needs is missing or wrong; `fields` says which'),
    401: errors[401],
    403: errorResponse('`forbidden`: not this department’s case, or the step is someone else’s (the lead office, a supervisor); audited'),
    404: errorResponse('No such case'),
    409: errorResponse('`conflict`: the case changed since it was read, or the step is not allowed from its state; `current` is the case as it now is'),
    503: errorResponse('`unavailable`: too much contention just now; nothing was written, send it again'),
  },
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

/** The triage service's answers as HTTP, with the case as it now is on a conflict. */
async function translate(c: Context<AppEnv>, error: unknown, keys?: KeyProvider): Promise<never> {
  const staff = currentStaff(c);
  if (error instanceof CaseNotFound) throw new ApiError(404, 'not_found', t.triage.refused.notFound);
  if (error instanceof CaseNotVisible) {
    await audit(c, 'permission_denied', { reason: `case_out_of_scope:${error.caseNumber}` });
    throw new ApiError(403, 'forbidden', t.cases.staff.notYourCase);
  }
  if (error instanceof TransitionInvalid) throw new ApiError(400, 'validation', undefined, error.fields);
  if (error instanceof TransitionRefused) {
    if (error.status === 403) {
      await audit(c, 'permission_denied', { reason: `transition_refused:${error.current.record.caseNumber}` });
      throw new ApiError(403, 'forbidden', error.message);
    }
    throw new ApiError(409, 'conflict', error.message, undefined, await caseDetailFor(c.var.db, error.current, staff, keys));
  }
  if (error instanceof CaseConflict) throw new ApiError(409, 'conflict', t.triage.refused.conflict, undefined, await caseDetailFor(c.var.db, error.current, staff, keys));
  if (error instanceof TriageBusy) throw new ApiError(503, 'unavailable', t.triage.refused.busy);
  throw error;
}

async function loadVisible(c: Context<AppEnv>, raw: string): Promise<StoredCase> {
  try {
    return await loadForStaff(c.var.db, caseNumberOf(raw), currentStaff(c));
  } catch (error) {
    return translate(c, error);
  }
}

export function adminCases(options: CaseServiceOptions = {}) {
  const services = caseServices(options);
  const j = services.jurisdiction;
  return createRouter()
    .openapi(list, async (c) => {
      const { cursor, limit, closed, from, to, ...filter } = c.req.valid('query');
      try {
        const page = await listQueue(c.var.db, {
          departmentId: currentStaff(c).department.id,
          ...(cursor ? { cursor } : {}),
          ...(limit ? { limit } : {}),
          closed: closed === 'true',
          filter: {
            ...filter,
            ...(from ? { submittedFrom: startOfCstDay(from) } : {}),
            ...(to ? { submittedTo: endOfCstDay(to) } : {}),
          },
        });
        return c.json(page, 200);
      } catch (error) {
        if (error instanceof BadCursor) throw new ApiError(400, 'validation', undefined, { cursor: t.cases.staff.badCursor });
        throw error;
      }
    })
    .openapi(overview, async (c) => {
      const now = c.var.now().toISOString();
      const soonBefore = dueSoonBefore(now, j.calendar);
      const counts = await countQueue(c.var.db, { departmentId: currentStaff(c).department.id, now, soonBefore });
      return c.json({ ...counts, dueSoonBefore: soonBefore }, 200);
    })
    .openapi(assignees, async (c) => {
      const staff = await listStaffByDepartment(c.var.db, currentStaff(c).department.id);
      const items = staff
        .filter((s) => !s.disabled && hasAnyRole(s.roles, ['editor']))
        .map((s) => ({ username: s.username, name: s.name, supervisor: hasAnyRole(s.roles, ['supervisor']) }));
      return c.json({ items }, 200);
    })
    .openapi(read, async (c) => {
      const stored = await loadVisible(c, c.req.valid('param').caseNumber);
      return c.json(await caseDetailFor(c.var.db, stored, currentStaff(c), services.keys), 200);
    })
    .openapi(transition, async (c) => {
      const caseNumber = caseNumberOf(c.req.valid('param').caseNumber);
      const staff = currentStaff(c);
      try {
        const stored = await performCaseAction(c.var.db, { caseNumber, input: c.req.valid('json'), staff, now: c.var.now() }, j);
        return c.json(await caseDetailFor(c.var.db, stored, staff, services.keys), 200);
      } catch (error) {
        return translate(c, error, services.keys);
      }
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

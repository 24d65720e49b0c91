/**
 * Safety notices, for regulators: draft, preview, publish (with a second
 * publisher's approval where the jurisdiction asks for it), schedule, take
 * down, and read the history of versions. Mounted at /api/admin/notices,
 * behind sign-in and CSRF checks (functions/app.ts).
 *
 * Who may do what, and in which area, is shared/rules/notices.ts (`NOTICE_STEPS`,
 * `mayWriteNoticeFor`): readers, editors who draft, publishers who publish,
 * approve (not their own request), turn a request down and take a notice
 * down; a notice's districts in the department's area, the whole city only
 * from a city-level department. Any department kind may publish notices
 * (fire safety is the fire service's, prepayment risk market regulation's).
 *
 * Every write is conditional on the version read (`expectedVersion`): the
 * loser of two concurrent writes gets 409 with the notice as it now is.
 * The public pages follow within seconds (functions/publish/notices.ts).
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { t } from '#shared/i18n/zh-CN.ts';
import { jurisdiction } from '#shared/jurisdiction/index.ts';
import type { Actor } from '#shared/schemas/common.ts';
import { NoticeContent, NoticeCreate, NoticeSlug, NoticeUpdate, NoticeVisibilities, SafetyNotice } from '#shared/schemas/guidance.ts';
import { audit, currentStaff, requireStaff } from '../auth/index.ts';
import { VersionConflict } from '../data/errors.ts';
import { getNotice, listNoticeEvents, listNotices, NoticeEventSchema, saveNotice, SlugTaken } from '../data/notices.ts';
import { loadNoticeMarkdown } from '../notices/markdown-on-demand.ts';
import { approve, createDraft, edit, mayWriteNoticeFor, NoticeRuleError, publish, reject, roleFor, unpublish, visibilityAt, type Transition } from '#shared/rules/notices.ts';
import { ApiError } from '../lib/errors.ts';
import { createRouter, type AppEnv } from '../lib/openapi.ts';
import { errorResponse } from './schemas.ts';

const a = t.notices.admin;
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });
const errors = {
  400: errorResponse('The body is not valid; `fields` says what to fix'),
  401: errorResponse('Not signed in'),
  403: errorResponse('Missing role, outside your area, approving your own request, or CSRF check failed'),
};
const writeErrors = {
  ...errors,
  404: errorResponse('No notice has this slug'),
  409: errorResponse('Someone else saved first (`current` is the notice now), or the notice is not in a state for this step'),
};

const SlugParam = z.object({ slug: NoticeSlug });
const VersionBody = z.object({ expectedVersion: z.number().int().positive() }).meta({ id: 'NoticeStep', description: '以读到的版本号为条件的一步操作' });
const ReasonBody = VersionBody.extend({ reason: z.string().trim().min(2, { error: '请说明原因（至少2个字）' }).max(500) }).meta({
  id: 'NoticeStepWithReason',
  description: '附原因的一步操作（退回、撤下）',
});

const AdminNotice = z
  .object({
    notice: SafetyNotice,
    /** What the public sees of it now. */
    visibility: z.enum(NoticeVisibilities),
    /** Whether publishing needs a second publisher's approval here. */
    approvalRequired: z.boolean(),
    /** The working copy's body as the public would get it (sanitised HTML). */
    previewHtml: z.string(),
    events: z.array(NoticeEventSchema),
  })
  .meta({ id: 'AdminNotice', description: '安全提醒及其变更历史（含各版内容）' });

const NoticeListItem = SafetyNotice.extend({ visibility: z.enum(NoticeVisibilities) }).meta({ id: 'NoticeListItem' });

function actorOf(c: Context<AppEnv>): Actor {
  const staff = currentStaff(c);
  return { staffId: staff.username, name: staff.name, departmentId: staff.department.id };
}

/** A notice's districts must all be in the staff member's area; a whole-city notice needs a city-level department. */
async function assertNoticeScope(c: Context<AppEnv>, districtCodes: readonly string[]): Promise<void> {
  const staff = currentStaff(c);
  if (mayWriteNoticeFor(staff.department.id, districtCodes, jurisdiction)) return;
  await audit(c, 'permission_denied', { reason: `out_of_scope:notice/${districtCodes.join('+') || jurisdiction.code}` });
  throw new ApiError(403, 'forbidden', a.outOfScope(staff.department.name));
}

function translate(error: unknown): never {
  if (error instanceof VersionConflict) throw new ApiError(409, 'conflict', a.conflict, undefined, error.current);
  if (error instanceof SlugTaken) throw new ApiError(409, 'conflict', a.slugTaken(error.slug), { slug: a.slugTaken(error.slug) });
  if (error instanceof NoticeRuleError) {
    switch (error.refusal) {
      case 'self_approval':
        throw new ApiError(403, 'forbidden', a.selfApproval);
      case 'already_pending':
        throw new ApiError(409, 'conflict', a.alreadyPending);
      case 'nothing_pending':
        throw new ApiError(409, 'conflict', a.nothingPending);
      case 'not_published':
        throw new ApiError(409, 'conflict', a.notPublished);
      case 'already_live':
        throw new ApiError(409, 'conflict', a.alreadyLive);
    }
  }
  throw error;
}

async function answer(c: Context<AppEnv>, notice: SafetyNotice) {
  return {
    notice,
    visibility: visibilityAt(notice, c.var.now()),
    approvalRequired: jurisdiction.notices.approvalRequired,
    previewHtml: (await loadNoticeMarkdown())(notice.content.bodyMarkdown),
    events: await listNoticeEvents(c.var.db, notice.slug),
  };
}

/** Reads the notice, checks the version and the area, applies one step of the workflow and saves it. */
async function step(c: Context<AppEnv>, slug: string, expectedVersion: number, transition: (notice: SafetyNotice) => Transition): Promise<SafetyNotice> {
  const current = await getNotice(c.var.db, slug);
  if (!current) throw new ApiError(404, 'not_found', a.notFound);
  await assertNoticeScope(c, current.content.districtCodes);
  try {
    if (current.version !== expectedVersion) throw new VersionConflict(current);
    return await saveNotice(c.var.db, transition(current));
  } catch (error) {
    translate(error);
  }
}

const list = createRoute({
  method: 'get',
  path: '/',
  summary: 'Notices, latest change first, a page at a time (any signed-in staff)',
  request: { query: z.object({ cursor: z.string().max(2000).optional() }) },
  responses: { 200: json(z.object({ items: z.array(NoticeListItem), cursor: z.string().optional() }).meta({ id: 'NoticePage' }), 'A page of notices'), ...errors },
});

const create = createRoute({
  method: 'post',
  path: '/',
  summary: 'Draft a new notice (editor or publisher)',
  middleware: [requireStaff({ roles: [roleFor('create')] })] as const,
  request: { body: { content: { 'application/json': { schema: NoticeCreate } }, required: true } },
  responses: { 201: json(AdminNotice, 'Drafted'), ...errors, 409: errorResponse('The slug is taken') },
});

const preview = createRoute({
  method: 'post',
  path: '/preview',
  summary: 'Render unsaved content as the public would get it (sanitised on the server)',
  middleware: [requireStaff({ roles: [roleFor('preview')] })] as const,
  request: { body: { content: { 'application/json': { schema: z.object({ content: NoticeContent }) } }, required: true } },
  responses: { 200: json(z.object({ bodyHtml: z.string() }).meta({ id: 'NoticePreview' }), 'The body as sanitised HTML'), ...errors },
});

const read = createRoute({
  method: 'get',
  path: '/{slug}',
  summary: 'One notice: working copy, live copy, approval state, preview and history (any signed-in staff)',
  request: { params: SlugParam },
  responses: { 200: json(AdminNotice, 'The notice'), ...errors, 404: errorResponse('No notice has this slug') },
});

const update = createRoute({
  method: 'put',
  path: '/{slug}',
  summary: 'Save a new revision of the working copy (editor or publisher); a pending approval request lapses',
  middleware: [requireStaff({ roles: [roleFor('edit')] })] as const,
  request: { params: SlugParam, body: { content: { 'application/json': { schema: NoticeUpdate } }, required: true } },
  responses: { 200: json(AdminNotice, 'Saved'), ...writeErrors },
});

const publishRoute = createRoute({
  method: 'post',
  path: '/{slug}/publish',
  summary: 'Publish the working copy (publisher): live at once (200), or, where approval is required, an approval request (202)',
  middleware: [requireStaff({ roles: [roleFor('publish')] })] as const,
  request: { params: SlugParam, body: { content: { 'application/json': { schema: VersionBody } }, required: true } },
  responses: { 200: json(AdminNotice, 'Published'), 202: json(AdminNotice, 'Waiting for another publisher’s approval'), ...writeErrors },
});

const approveRoute = createRoute({
  method: 'post',
  path: '/{slug}/approve',
  summary: 'Approve the requested revision (a publisher other than the requester); it goes live at its publish time',
  middleware: [requireStaff({ roles: [roleFor('approve')] })] as const,
  request: { params: SlugParam, body: { content: { 'application/json': { schema: VersionBody } }, required: true } },
  responses: { 200: json(AdminNotice, 'Approved and published'), ...writeErrors },
});

const rejectRoute = createRoute({
  method: 'post',
  path: '/{slug}/reject',
  summary: 'Turn an approval request down, or take one’s own back (publisher), with the reason',
  middleware: [requireStaff({ roles: [roleFor('reject')] })] as const,
  request: { params: SlugParam, body: { content: { 'application/json': { schema: ReasonBody } }, required: true } },
  responses: { 200: json(AdminNotice, 'The request is withdrawn'), ...writeErrors },
});

const unpublishRoute = createRoute({
  method: 'post',
  path: '/{slug}/unpublish',
  summary: 'Take a published notice down (publisher; no approval needed), with the reason',
  middleware: [requireStaff({ roles: [roleFor('unpublish')] })] as const,
  request: { params: SlugParam, body: { content: { 'application/json': { schema: ReasonBody } }, required: true } },
  responses: { 200: json(AdminNotice, 'Taken down'), ...writeErrors },
});

export const adminNotices = createRouter()
  .openapi(list, async (c) => {
    const cursor = c.req.valid('query').cursor;
    const page = await listNotices(c.var.db, cursor ? { cursor } : {});
    const now = c.var.now();
    return c.json({ items: page.items.map((n) => ({ ...n, visibility: visibilityAt(n, now) })), ...(page.cursor ? { cursor: page.cursor } : {}) }, 200);
  })
  .openapi(create, async (c) => {
    const { slug, content } = c.req.valid('json');
    await assertNoticeScope(c, content.districtCodes);
    try {
      const notice = await saveNotice(c.var.db, createDraft({ slug, content, actor: actorOf(c), now: c.var.now() }));
      return c.json(await answer(c, notice), 201);
    } catch (error) {
      translate(error);
    }
  })
  .openapi(preview, async (c) => c.json({ bodyHtml: (await loadNoticeMarkdown())(c.req.valid('json').content.bodyMarkdown) }, 200))
  .openapi(read, async (c) => {
    const notice = await getNotice(c.var.db, c.req.valid('param').slug);
    if (!notice) throw new ApiError(404, 'not_found', a.notFound);
    return c.json(await answer(c, notice), 200);
  })
  .openapi(update, async (c) => {
    const { slug } = c.req.valid('param');
    const { content, expectedVersion } = c.req.valid('json');
    // Moving it to other districts needs the area there too.
    await assertNoticeScope(c, content.districtCodes);
    const notice = await step(c, slug, expectedVersion, (n) => edit(n, content, actorOf(c), c.var.now()));
    return c.json(await answer(c, notice), 200);
  })
  .openapi(publishRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const required = jurisdiction.notices.approvalRequired;
    const notice = await step(c, slug, c.req.valid('json').expectedVersion, (n) => publish(n, actorOf(c), c.var.now(), required));
    return notice.approval ? c.json(await answer(c, notice), 202) : c.json(await answer(c, notice), 200);
  })
  .openapi(approveRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const notice = await step(c, slug, c.req.valid('json').expectedVersion, (n) => approve(n, actorOf(c), c.var.now()));
    return c.json(await answer(c, notice), 200);
  })
  .openapi(rejectRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { expectedVersion, reason } = c.req.valid('json');
    const notice = await step(c, slug, expectedVersion, (n) => reject(n, actorOf(c), c.var.now(), reason));
    return c.json(await answer(c, notice), 200);
  })
  .openapi(unpublishRoute, async (c) => {
    const { slug } = c.req.valid('param');
    const { expectedVersion, reason } = c.req.valid('json');
    const notice = await step(c, slug, expectedVersion, (n) => unpublish(n, actorOf(c), c.var.now(), reason));
    return c.json(await answer(c, notice), 200);
  });

/**
 * 安全提醒的流程: a safety notice's life, as data and pure functions, for the
 * API (functions/routes/notices-admin.ts), the data module and the publisher.
 * Each step takes the notice as read and answers the next state and the
 * event that records it, or refuses with a `NoticeRuleError`. The data module
 * (functions/data/notices.ts) writes the pair, conditional on the version
 * read; the routes translate refusals.
 *
 *   draft ──publish──► (approval requested) ──approve by another publisher──► published
 *     ▲  edit (any time: a new revision; a pending request lapses)               │ unpublish
 *     └──────────────────────── withdrawn ◄───────────────────────────────────────┘
 *
 * - The working copy (`content`) is what editors change; the live copy
 *   (`live`) is what the public sees. Editing a published notice changes
 *   nothing in public until that revision is published (and approved) too.
 * - When the jurisdiction asks for it (`notices.approvalRequired`), "publish"
 *   only asks; a different publisher's approval makes the revision live.
 *   Taking a notice down needs no second person: removing is always safe.
 * - Visibility is a function of the live copy and the clock: scheduled until
 *   `visibleFrom`, visible until `expiresAt`, then expired.
 *
 * Who may do what (`NOTICE_STEPS`): any signed-in member of staff reads; an
 * editor (or a publisher, whose role implies it) drafts: creates, edits,
 * previews; a publisher publishes, approves another publisher's request,
 * turns a request down and takes a notice down. Area (`mayWriteNoticeFor`):
 * a notice for some districts by a department whose area covers all of them;
 * one for the whole city (no districts) only by a city-level department.
 */
import { coversDistrict, jurisdiction as defaultJurisdiction, type Jurisdiction } from '../jurisdiction/index.ts';
import type { Actor } from '../schemas/common.ts';
import type { NoticeContent, NoticeVisibility, SafetyNotice } from '../schemas/guidance.ts';
import type { InstitutionCategory, StaffRole } from '../vocabulary.ts';
import { findDepartment, hasAnyRole } from './scope.ts';
import type { NoticeEvent } from './notice-events.ts';

export { NoticeActions, type NoticeAction, type NoticeEvent } from './notice-events.ts';

export type NoticeRefusal = 'already_pending' | 'nothing_pending' | 'self_approval' | 'not_published' | 'already_live';

export class NoticeRuleError extends Error {
  constructor(readonly refusal: NoticeRefusal) {
    super(refusal);
  }
}

/** The steps on a notice. */
export const NoticeSteps = ['read', 'create', 'preview', 'edit', 'publish', 'approve', 'reject', 'unpublish'] as const;
export type NoticeStep = (typeof NoticeSteps)[number];

/** Whether the notice, as read, allows a step by this actor: null, or why not. */
type Guard = (notice: SafetyNotice, actor: Pick<Actor, 'staffId'>, approvalRequired: boolean) => NoticeRefusal | null;
const always: Guard = () => null;

/**
 * The table: each step, the role it needs (implied roles count: shared/rules/scope.ts),
 * and what the notice must be for it. Steps not in a notice's way are refused
 * with the reason the console shows.
 */
export const NOTICE_STEPS: Record<NoticeStep, { role: StaffRole; guard: Guard }> = {
  read: { role: 'viewer', guard: always },
  create: { role: 'editor', guard: always },
  preview: { role: 'editor', guard: always },
  edit: { role: 'editor', guard: always },
  publish: {
    role: 'publisher',
    guard: (n, _actor, approvalRequired) => {
      if (n.status === 'published' && n.live?.revision === n.revision) return 'already_live';
      return approvalRequired && n.approval?.revision === n.revision ? 'already_pending' : null;
    },
  },
  approve: {
    role: 'publisher',
    guard: (n, actor) => {
      if (!n.approval || n.approval.revision !== n.revision) return 'nothing_pending';
      return n.approval.requestedBy.staffId === actor.staffId ? 'self_approval' : null;
    },
  },
  reject: { role: 'publisher', guard: (n) => (n.approval ? null : 'nothing_pending') },
  unpublish: { role: 'publisher', guard: (n) => (n.status === 'published' ? null : 'not_published') },
};

/** The role a step needs (the routes' `requireStaff`). */
export const roleFor = (step: NoticeStep): StaffRole => NOTICE_STEPS[step].role;

/** May a member of staff holding these roles take this step at all? */
export function mayTakeStep(roles: readonly StaffRole[], step: NoticeStep): boolean {
  return hasAnyRole(roles, [NOTICE_STEPS[step].role]);
}

/** Refuses a step the notice, as read, does not allow. */
function check(step: NoticeStep, notice: SafetyNotice, actor: Pick<Actor, 'staffId'>, approvalRequired = false): void {
  const refusal = NOTICE_STEPS[step].guard(notice, actor, approvalRequired);
  if (refusal) throw new NoticeRuleError(refusal);
}

/** The steps on this notice a member of staff may take now, in table order (for a console's buttons). */
export function allowedNoticeSteps(notice: SafetyNotice, staff: { staffId: string; roles: readonly StaffRole[] }, approvalRequired: boolean): NoticeStep[] {
  return NoticeSteps.filter((step) => step !== 'create' && mayTakeStep(staff.roles, step) && NOTICE_STEPS[step].guard(notice, staff, approvalRequired) === null);
}

/** Where a notice stands: its status, or a draft or revision waiting for a second publisher. */
export type NoticeStage = 'draft' | 'awaiting_approval' | 'published' | 'withdrawn';
export function stageOf(notice: Pick<SafetyNotice, 'status' | 'approval' | 'revision'>): NoticeStage {
  return notice.approval?.revision === notice.revision ? 'awaiting_approval' : notice.status;
}

/** Area: a notice's districts must all be in the department's area; a whole-city notice (no districts) needs a city-level department. */
export function mayWriteNoticeFor(departmentId: string, districtCodes: readonly string[], j: Jurisdiction = defaultJurisdiction): boolean {
  const department = findDepartment(departmentId, j);
  if (!department) return false;
  return districtCodes.length === 0 ? department.regionCode === j.code : districtCodes.every((code) => coversDistrict(department, code, j));
}

export interface Transition {
  next: SafetyNotice;
  event: NoticeEvent;
}

function step(notice: SafetyNotice, next: Omit<SafetyNotice, 'version' | 'updatedAt'>, now: Date, event: Omit<NoticeEvent, 'slug' | 'version' | 'at'>): Transition {
  const at = now.toISOString();
  const version = notice.version + 1;
  return {
    next: { ...next, updatedAt: at, version },
    event: { slug: notice.slug, version, at, ...event },
  };
}

export function createDraft(input: { slug: string; content: NoticeContent; actor: Actor; now: Date }): Transition {
  const at = input.now.toISOString();
  const next: SafetyNotice = {
    slug: input.slug,
    status: 'draft',
    content: input.content,
    revision: 1,
    createdAt: at,
    createdBy: input.actor,
    updatedAt: at,
    version: 1,
  };
  return { next, event: { slug: input.slug, version: 1, revision: 1, at, action: 'created', actor: input.actor, content: input.content } };
}

/** A new revision of the working copy. A request for approval of the previous one lapses. */
export function edit(notice: SafetyNotice, content: NoticeContent, actor: Actor, now: Date): Transition {
  const { approval: _lapsed, ...rest } = notice;
  const revision = notice.revision + 1;
  return step(notice, { ...rest, content, revision }, now, {
    revision,
    action: 'edited',
    actor,
    content,
    ...(notice.approval ? { note: 'approval_lapsed' } : {}),
  });
}

function goLive(notice: SafetyNotice, publishedBy: Actor, now: Date, approvedBy?: Actor): Omit<SafetyNotice, 'version' | 'updatedAt'> {
  const { approval: _done, ...rest } = notice;
  const at = now.toISOString();
  return {
    ...rest,
    status: 'published',
    live: {
      revision: notice.revision,
      content: notice.content,
      visibleFrom: notice.content.publishAt ?? at,
      publishedAt: at,
      publishedBy,
      ...(approvedBy ? { approvedBy } : {}),
    },
  };
}

/**
 * Publish the working copy: at once, or, where a second publisher must
 * approve, as a request for that approval.
 */
export function publish(notice: SafetyNotice, actor: Actor, now: Date, approvalRequired: boolean): Transition {
  check('publish', notice, actor, approvalRequired);
  if (approvalRequired) {
    return step(notice, { ...notice, approval: { revision: notice.revision, requestedAt: now.toISOString(), requestedBy: actor } }, now, {
      revision: notice.revision,
      action: 'approval_requested',
      actor,
    });
  }
  return step(notice, goLive(notice, actor, now), now, { revision: notice.revision, action: 'published', actor });
}

/** A second publisher approves the requested revision, which goes live. */
export function approve(notice: SafetyNotice, actor: Actor, now: Date): Transition {
  check('approve', notice, actor);
  const request = notice.approval!;
  return step(notice, goLive(notice, request.requestedBy, now, actor), now, {
    revision: notice.revision,
    action: 'published',
    actor: request.requestedBy,
    approvedBy: actor,
  });
}

/** A publisher turns the request down (or its requester takes it back), saying why. */
export function reject(notice: SafetyNotice, actor: Actor, now: Date, reason: string): Transition {
  check('reject', notice, actor);
  const { approval: _rejected, ...rest } = notice;
  return step(notice, rest, now, { revision: notice.revision, action: 'approval_rejected', actor, note: reason });
}

/** Takes the notice down from the public site; its record and history stay. */
export function unpublish(notice: SafetyNotice, actor: Actor, now: Date, reason: string): Transition {
  check('unpublish', notice, actor);
  return step(notice, { ...notice, status: 'withdrawn' }, now, { revision: notice.revision, action: 'unpublished', actor, note: reason });
}

/** What the public sees of a notice at a moment. */
export function visibilityAt(notice: SafetyNotice, now: Date): NoticeVisibility {
  if (notice.status === 'withdrawn') return 'withdrawn';
  if (notice.status !== 'published' || !notice.live) return 'not_public';
  const at = now.toISOString();
  if (at < notice.live.visibleFrom) return 'scheduled';
  if (notice.live.content.expiresAt && at >= notice.live.content.expiresAt) return 'expired';
  return 'visible';
}

/** When what the public sees of this notice changes next by the clock alone (it goes up, or it expires); none: never. */
export function nextVisibilityChange(notice: SafetyNotice, now: Date): string | undefined {
  const state = visibilityAt(notice, now);
  if (state === 'scheduled') return notice.live!.visibleFrom;
  if (state === 'visible') return notice.live!.content.expiresAt;
  return undefined;
}

/** Does a notice concern institutions of this category in this district? Empty lists mean "all". */
export function concerns(content: Pick<NoticeContent, 'districtCodes' | 'categories'>, where: { districtCode?: string; category?: InstitutionCategory }): boolean {
  const district = !where.districtCode || content.districtCodes.length === 0 || content.districtCodes.includes(where.districtCode);
  const category = !where.category || content.categories.length === 0 || content.categories.includes(where.category);
  return district && category;
}

import { describe, expect, it } from 'vitest';
import { departmentId, jurisdiction } from '../jurisdiction/index.ts';
import type { Actor } from '../schemas/common.ts';
import type { NoticeContent, SafetyNotice } from '../schemas/guidance.ts';
import {
  allowedNoticeSteps,
  approve,
  concerns,
  createDraft,
  edit,
  mayTakeStep,
  mayWriteNoticeFor,
  NoticeRuleError,
  publish,
  reject,
  stageOf,
  unpublish,
  visibilityAt,
  type Transition,
} from './notices.ts';

const content: NoticeContent = {
  title: '暑期防溺水安全提醒',
  summary: '请家长看护好孩子。',
  topic: 'outdoor_water',
  districtCodes: ['411502'],
  categories: ['sports'],
  bodyMarkdown: '请牢记“六不”。',
  pinned: false,
};
const city = departmentId('education', jurisdiction.code);
const wang: Actor = { staffId: 'wang', name: '王', departmentId: city };
const li: Actor = { staffId: 'li', name: '李', departmentId: city };
const now = new Date('2025-07-01T02:00:00Z');
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

const draft = (): SafetyNotice => createDraft({ slug: 'drowning', content, actor: wang, now }).next;
/** Applies a step and checks the event it records matches the new version. */
const apply = (t: Transition): SafetyNotice => {
  expect(t.event.version).toBe(t.next.version);
  return t.next;
};
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof NoticeRuleError) return error.refusal;
    throw error;
  }
  return null;
};

describe('the notice state machine', () => {
  it('publishes a draft at once where no approval is asked, then takes it down', () => {
    const n = draft();
    expect(stageOf(n)).toBe('draft');
    const live = apply(publish(n, wang, later(1), false));
    expect(live.status).toBe('published');
    expect(live.live).toMatchObject({ revision: 1, publishedBy: wang });
    expect(visibilityAt(live, later(2))).toBe('visible');
    expect(refusal(() => publish(live, wang, later(2), false))).toBe('already_live');
    const down = apply(unpublish(live, li, later(3), '内容有误'));
    expect(stageOf(down)).toBe('withdrawn');
    expect(visibilityAt(down, later(4))).toBe('withdrawn');
    expect(refusal(() => unpublish(down, li, later(4), '再次撤下'))).toBe('not_published');
  });

  it('needs a second publisher where approval is required, and never the requester', () => {
    const asked = apply(publish(draft(), wang, later(1), true));
    expect(stageOf(asked)).toBe('awaiting_approval');
    expect(asked.live).toBeUndefined();
    expect(refusal(() => publish(asked, wang, later(2), true))).toBe('already_pending');
    expect(refusal(() => approve(asked, wang, later(2)))).toBe('self_approval');
    const live = apply(approve(asked, li, later(3)));
    expect(live.live).toMatchObject({ revision: 1, publishedBy: wang, approvedBy: li });
    expect(stageOf(live)).toBe('published');
    expect(refusal(() => approve(live, li, later(4)))).toBe('nothing_pending');
  });

  it('lets a request lapse on an edit, and be turned down with a reason', () => {
    const asked = apply(publish(draft(), wang, later(1), true));
    const edited = apply(edit(asked, { ...content, summary: '改过了。' }, wang, later(2)));
    expect(edited.revision).toBe(2);
    expect(stageOf(edited)).toBe('draft');
    expect(refusal(() => approve(edited, li, later(3)))).toBe('nothing_pending');
    const again = apply(publish(edited, wang, later(4), true));
    const rejected = reject(again, li, later(5), '措辞再改改');
    expect(rejected.event).toMatchObject({ action: 'approval_rejected', note: '措辞再改改' });
    expect(stageOf(rejected.next)).toBe('draft');
    expect(refusal(() => reject(rejected.next, li, later(6), '再退一次'))).toBe('nothing_pending');
  });

  it('keeps the live copy while a published notice is edited', () => {
    const live = apply(publish(draft(), wang, later(1), false));
    const edited = apply(edit(live, { ...content, title: '新标题' }, wang, later(2)));
    expect(edited.live?.content.title).toBe(content.title);
    expect(allowedNoticeSteps(edited, { staffId: 'li', roles: ['publisher'] }, false)).toContain('publish');
  });

  it('schedules by publishAt and expires by expiresAt', () => {
    const timed = { ...content, publishAt: later(60).toISOString(), expiresAt: later(120).toISOString() };
    const n = apply(publish(createDraft({ slug: 'timed', content: timed, actor: wang, now }).next, wang, later(1), false));
    expect([visibilityAt(n, later(30)), visibilityAt(n, later(90)), visibilityAt(n, later(150))]).toEqual(['scheduled', 'visible', 'expired']);
  });
});

describe('who may do what', () => {
  it('lets editors draft and only publishers publish, approve, turn down and take down', () => {
    expect(mayTakeStep(['viewer'], 'read')).toBe(true);
    expect(mayTakeStep(['viewer'], 'edit')).toBe(false);
    expect(mayTakeStep(['editor'], 'create')).toBe(true);
    expect(mayTakeStep(['editor'], 'publish')).toBe(false);
    // A publisher may also edit (implied roles).
    expect(mayTakeStep(['publisher'], 'edit')).toBe(true);
    expect(mayTakeStep(['administrator'], 'publish')).toBe(false);
  });

  it('offers each member of staff only the steps the notice allows them now', () => {
    const asked = apply(publish(draft(), wang, later(1), true));
    expect(allowedNoticeSteps(asked, { staffId: 'wang', roles: ['publisher'] }, true)).toEqual(['read', 'preview', 'edit', 'reject']);
    expect(allowedNoticeSteps(asked, { staffId: 'li', roles: ['publisher'] }, true)).toEqual(['read', 'preview', 'edit', 'approve', 'reject']);
    expect(allowedNoticeSteps(asked, { staffId: 'zhao', roles: ['editor'] }, true)).toEqual(['read', 'preview', 'edit']);
    const live = apply(approve(asked, li, later(2)));
    expect(allowedNoticeSteps(live, { staffId: 'li', roles: ['publisher'] }, true)).toEqual(['read', 'preview', 'edit', 'unpublish']);
  });

  it('keeps a department to its area; the whole city only from the city level', () => {
    const district = departmentId('education', '411502');
    expect(mayWriteNoticeFor(city, [], jurisdiction)).toBe(true);
    expect(mayWriteNoticeFor(city, ['411502', '411503'], jurisdiction)).toBe(true);
    expect(mayWriteNoticeFor(district, ['411502'], jurisdiction)).toBe(true);
    expect(mayWriteNoticeFor(district, ['411502', '411503'], jurisdiction)).toBe(false);
    expect(mayWriteNoticeFor(district, [], jurisdiction)).toBe(false);
    expect(mayWriteNoticeFor('no-such-department', ['411502'], jurisdiction)).toBe(false);
  });

  it('says which notices concern an institution (empty lists: all)', () => {
    expect(concerns(content, { districtCode: '411502', category: 'sports' })).toBe(true);
    expect(concerns(content, { districtCode: '411503' })).toBe(false);
    expect(concerns({ districtCodes: [], categories: [] }, { districtCode: '411503', category: 'arts' })).toBe(true);
  });
});

/**
 * What a safety notice's history records (./notices.ts has the rules that
 * write it): in a module of its own, without the scope rules and the
 * jurisdiction they read, so the notices' data module
 * (functions/data/notices.ts), which the publisher loads at cold start,
 * loads neither.
 */
import type { Actor } from '../schemas/common.ts';
import type { NoticeContent } from '../schemas/guidance.ts';

export const NoticeActions = ['created', 'edited', 'approval_requested', 'approval_rejected', 'published', 'unpublished'] as const;
export type NoticeAction = (typeof NoticeActions)[number];

/** One recorded change: who, when, what; edits carry the content of the new revision (the history of versions). */
export interface NoticeEvent {
  slug: string;
  version: number;
  revision: number;
  at: string;
  action: NoticeAction;
  actor: Actor;
  /** Who approved, on a publication that needed it. */
  approvedBy?: Actor;
  note?: string;
  content?: NoticeContent;
}

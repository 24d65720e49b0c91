/**
 * What else the publisher keeps in step with the institutions it publishes,
 * besides their pages and the search snapshot: each hook is called each time
 * the lists are written (for every round since the last time: see
 * LISTS_EVERY_MS in ./publisher.ts), after the pages and the snapshot and
 * before the institutions are marked published (so a hook that fails leaves them
 * waiting, and the next run calls it again with them: a hook must be
 * idempotent). A hook writes lists that link the pages (search shards, Atom
 * feeds per centre or district); it writes through the run's store, which
 * skips unchanged files. Add one by appending it to PUBLISH_HOOKS, in its own
 * file.
 */
import type { Institution, InstitutionSummary } from '#shared/schemas/institution.ts';
import type { PublicStore } from '../storage/types.ts';
import { publishFeeds } from './feeds.ts';

export interface PublishedChange {
  /** The record as published in this round. */
  institution: Institution;
  /** Its public summary now. */
  summary: InstitutionSummary;
  /** Its summary before this round; undefined when it was never published. */
  previous: InstitutionSummary | undefined;
}

export interface AfterPagesContext {
  store: PublicStore;
  now: Date;
  /** The site's public origin (absolute links in feeds). */
  publicOrigin: string;
  changes: readonly PublishedChange[];
  /** Every published summary, this round's included, by id (do not change it). */
  summaries: ReadonlyMap<string, InstitutionSummary>;
}

export interface PublishHook {
  name: string;
  afterPages(context: AfterPagesContext): Promise<void>;
}

/** The Atom feeds of the round's centres and of their districts (functions/publish/feeds.ts); unchanged feeds are not rewritten. */
export const feedsHook: PublishHook = {
  name: 'feeds',
  afterPages: async ({ store, changes, publicOrigin }) => {
    await publishFeeds(store, changes.map((c) => c.institution), publicOrigin);
  },
};

/** The hooks every run calls, in order. */
export const PUBLISH_HOOKS: readonly PublishHook[] = [feedsHook];

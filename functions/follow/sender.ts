/**
 * Tells followers when a centre's status changes, in two idempotent steps
 * run by the message sender (scripts/start.ts locally, functions/jobs/notify.ts
 * in AWS):
 *
 * 1. Fan-out: each status change event still marked FOLLOW#CHANGED (marked
 *    in the change's own transaction, so no change is missed) gets one
 *    message item per current follower, keyed by the change's version and the
 *    follower (a second run writes none twice), and only then leaves the index.
 * 2. Send: each due message is claimed with a lease by the claim loop the
 *    families' messages use too (functions/notify/deliver.ts), its follower read again (one
 *    who unsubscribed meanwhile is skipped: no further message), the mobile
 *    opened, sent through the Notifier with the unsubscribe link, and settled.
 *
 * Delivery is at least once, as for the families' messages: only a crash
 * between the provider's acceptance and the settling sends one twice.
 * Nothing here logs a mobile or a message text.
 */
import { InstitutionStatuses, type InstitutionStatus } from '#shared/vocabulary.ts';
import type { KeyProvider } from '../crypto/envelope.ts';
import type { Db } from '../data/client.ts';
import {
  claimFollowMessage,
  getSubscription,
  listChangesToFanOut,
  listDueFollowMessages,
  listFollowers,
  putFollowMessage,
  settleChange,
  settleFollowMessage,
  type FollowMessage,
  type Subscription,
} from '../data/follows.ts';
import { deliver, type DeliveryCounts, type DeliveryPolicy, type Outbox } from '../notify/deliver.ts';
import { openFollowerMobile } from './mobile.ts';
import { unsubscribeToken } from './token.ts';
import { firstUse } from '../lib/first-use.ts';

/**
 * The institutions' data module (the record's schema and the jurisdiction with it),
 * loaded on first use: only a status change to fan out reads an institution, and most
 * runs find none, so the job's cold start does not build them (docs/benchmarks.md,
 * "Lambda bundles").
 */
const institutionsData = firstUse(() => import('../data/institutions.ts'));

/** Where the unsubscribe link points: `<origin>/follow/stop/?t=<token>`. */
export const FOLLOW_STOP_PATH = '/follow/stop/';

export interface FollowSenderDeps extends DeliveryPolicy {
  db: Db;
  keys: KeyProvider;
  /** The server secret (AUTH_SECRET), for the unsubscribe tokens. */
  secret: () => string;
  /** The site's public origin, for the unsubscribe link. */
  publicOrigin: string;
}

export interface FollowReport extends DeliveryCounts {
  changes: number;
  written: number;
}

export const unsubscribeLink = (publicOrigin: string, institutionId: string, mobileKey: string, secret: string) =>
  `${publicOrigin.replace(/\/$/, '')}${FOLLOW_STOP_PATH}?t=${unsubscribeToken(institutionId, mobileKey, secret)}`;

/** Step 1: a message item per follower of each status change waiting. */
export async function fanOutChanges(deps: Pick<FollowSenderDeps, 'db' | 'now'>, report: FollowReport, limit = 25): Promise<void> {
  const now = (deps.now ?? (() => new Date()))();
  for (const change of await listChangesToFanOut(deps.db, limit)) {
    const { getInstitution } = await institutionsData();
    const inst = await getInstitution(deps.db, change.institutionId);
    if (inst) {
      let cursor: string | undefined;
      do {
        const page = await listFollowers(deps.db, change.institutionId, now, cursor ? { cursor } : {});
        for (const sub of page.items) {
          const written = await putFollowMessage(deps.db, { institutionId: change.institutionId, version: change.version, mobileKey: sub.mobileKey, name: inst.name, toStatus: change.toStatus, at: change.at });
          if (written) report.written++;
        }
        cursor = page.cursor;
      } while (cursor);
    }
    await settleChange(deps.db, change);
    report.changes++;
  }
}

const statusLabel = (status: string) => ((InstitutionStatuses.keys as readonly string[]).includes(status) ? InstitutionStatuses.label(status as InstitutionStatus) : status);

/** The followers' outbox (functions/data/follows.ts), for the claim loop. */
const followOutbox = (deps: FollowSenderDeps, now: () => Date): Outbox<FollowMessage, Subscription> => ({
  claim: (message, lease) => claimFollowMessage(deps.db, message, lease),
  settle: (message, leaseId, outcome) => settleFollowMessage(deps.db, message, leaseId, outcome),
  // Read again now: one who unsubscribed since the fan-out gets no further message.
  recipient: async (message) => (await getSubscription(deps.db, message.institutionId, message.mobileKey, now())) ?? { skip: 'unsubscribed' },
  compose: async (message, sub) => ({
    to: await openFollowerMobile(deps.keys, sub),
    template: 'follow_status_changed',
    params: { name: message.name, status: statusLabel(message.toStatus), link: unsubscribeLink(deps.publicOrigin, sub.institutionId, sub.mobileKey, deps.secret()) },
    messageId: `follow#${message.institutionId}#${message.version}#${message.mobileKey.slice(0, 16)}`,
  }),
});

/** One run: fan out the waiting changes, then send the messages due, up to `limit` of each. */
export async function sendFollowMessages(deps: FollowSenderDeps, limit = 25): Promise<FollowReport> {
  const report: FollowReport = { changes: 0, written: 0, sent: 0, skipped: 0, failed: 0, retrying: 0, contended: 0 };
  await fanOutChanges(deps, report, limit);
  const now = deps.now ?? (() => new Date());
  await deliver(followOutbox(deps, now), deps, await listDueFollowMessages(deps.db, now(), limit), report);
  return report;
}

import type { RoutingRule } from './types.ts';

/**
 * The time limits a routing row takes from its priority, in one place so
 * every table (routing-*.ts) spells them the same way: working days on the
 * jurisdiction's calendar, clock hours for urgent and emergency acceptance.
 * `mediation`: a refund dispute, as 12315 mediates one: accepted within 7
 * working days, concluded within 45 counted from acceptance.
 *
 * Why the tables' rows are written out in full in each table, although
 * eleven of Xiangyuan's eighteen rows have Xinyang's lead, co-handling and
 * limits: each row is one jurisdiction's decision and cites that
 * jurisdiction's own document for it (the bases differ in every row; the
 * national laws they share are constants in legal-basis.ts, the limits are
 * here). The likeness is a coincidence of two local plans following the same
 * national law, not one rule: a county that reassigns food hygiene tomorrow
 * changes its row alone. A shared base row per kind would make a reader open
 * two files to learn one jurisdiction's routing, and silently move the other
 * jurisdiction when one is edited.
 */
export const LIMITS = {
  normal: { priority: 'normal', accept: { workingDays: 7 }, conclude: { workingDays: 15 }, concludeCountsFrom: 'received' },
  urgent: { priority: 'urgent', accept: { hours: 24 }, conclude: { workingDays: 15 }, concludeCountsFrom: 'received' },
  emergency: { priority: 'emergency', accept: { hours: 2 }, conclude: { workingDays: 15 }, concludeCountsFrom: 'received' },
  mediation: { priority: 'normal', accept: { workingDays: 7 }, conclude: { workingDays: 45 }, concludeCountsFrom: 'accepted' },
} as const satisfies Record<string, Pick<RoutingRule, 'priority' | 'accept' | 'conclude' | 'concludeCountsFrom'>>;

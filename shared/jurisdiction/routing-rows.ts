import type { RoutingRule } from './types.ts';

/**
 * The time limits a routing row takes from its priority, in one place so
 * every table (routing-*.ts) spells them the same way: working days on the
 * jurisdiction's calendar, clock hours for urgent and emergency acceptance.
 * `mediation`: a refund dispute, as 12315 mediates one: accepted within 7
 * working days, concluded within 45 counted from acceptance.
 */
export const LIMITS = {
  normal: { priority: 'normal', accept: { workingDays: 7 }, conclude: { workingDays: 15 }, concludeCountsFrom: 'received' },
  urgent: { priority: 'urgent', accept: { hours: 24 }, conclude: { workingDays: 15 }, concludeCountsFrom: 'received' },
  emergency: { priority: 'emergency', accept: { hours: 2 }, conclude: { workingDays: 15 }, concludeCountsFrom: 'received' },
  mediation: { priority: 'normal', accept: { workingDays: 7 }, conclude: { workingDays: 45 }, concludeCountsFrom: 'accepted' },
} as const satisfies Record<string, Pick<RoutingRule, 'priority' | 'accept' | 'conclude' | 'concludeCountsFrom'>>;

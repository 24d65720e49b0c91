/**
 * The largest transaction a step writes stays within TransactWriteItems'
 * 100 items for every routing row of every jurisdiction: the transfer of
 * an original with MAX_DUPLICATES duplicates, all in the widest routing
 * (docs/data-model.md, "Transaction sizes", where each term is explained;
 * test/integration/triage-queue-indexes.test.ts measures it for five
 * offices). A routing row with more offices, or more entries per office,
 * fails here before it fails in DynamoDB.
 */
import { describe, expect, it } from 'vitest';
import { JURISDICTIONS } from '#shared/jurisdiction/index.ts';
import type { DepartmentKind } from '#shared/vocabulary.ts';
import { QUEUE_FACETS, TRANSACTION_LIMIT } from '../data/cases.ts';
import { handlingOffice } from './routing.ts';
import { MAX_DUPLICATES, queueFor } from './step.ts';

/** Entries per office of a case about a listed institution: its queue entry and one per list beside it. */
const ENTRIES = 1 + QUEUE_FACETS.length;

/** The most offices any routing row of `j` puts a case in, over every kind a category supervisor may be. */
function widest(code: string): { offices: number; rule: string } {
  const j = JURISDICTIONS[code]!;
  const district = j.districts[0]!.code;
  const supervisors = [...new Set(Object.values(j.routing.supervision))] as DepartmentKind[];
  let best = { offices: 0, rule: '' };
  for (const rule of j.routing.rules) {
    for (const supervisor of supervisors) {
      const kinds = [rule.lead, ...rule.coHandling].map((ref) => (ref === 'category_supervisor' ? supervisor : ref)) as DepartmentKind[];
      const [lead, ...co] = kinds.map((kind) => handlingOffice(kind, district, j));
      const offices = queueFor(lead!, co.filter((id) => id !== lead), j).length;
      if (offices > best.offices) best = { offices, rule: rule.id };
    }
  }
  return best;
}

/** A transfer of an original with its duplicates: each term as in docs/data-model.md. */
function largestStep(offices: number): number {
  const original = 2 + ENTRIES * offices + 2 * ENTRIES; // record, event, its entries, the old lead's two offices' entries deleted
  const duplicates = MAX_DUPLICATES * (2 + offices); // each: record, event, its main entries
  const counters = 1 + (1 + MAX_DUPLICATES) * 2; // stats, a risk shard and a message per case
  return original + duplicates + counters;
}

describe('transaction sizes', () => {
  it('keeps the largest step within the limit for every jurisdiction, at the offices docs/data-model.md names', () => {
    // 隐形变异培训: education, the category's own supervisor (culture, science) and market, each a district and a city office.
    expect(widest('411500')).toEqual({ offices: 6, rule: 'complaint-disguised-tutoring' });
    // A county (襄垣县): its offices are the county's, no district level below them.
    expect(widest('140423')).toEqual({ offices: 4, rule: 'complaint-disguised-tutoring' });
    expect(largestStep(5)).toBe(85);
    expect(largestStep(4)).toBe(75);
    expect(largestStep(6)).toBe(95);
    for (const code of Object.keys(JURISDICTIONS)) expect(largestStep(widest(code).offices), code).toBeLessThanOrEqual(TRANSACTION_LIMIT);
    // What would not fit: a fourth district-level co-handling kind.
    expect(largestStep(8)).toBeGreaterThan(TRANSACTION_LIMIT);
  });
});

/**
 * A consistency check over the whole table (a test tool: it scans). Every
 * case step is one transaction (functions/data/cases.ts), so after any
 * number of faults the table must read as if each step happened entirely or
 * not at all:
 *
 * - each case record has its events `EVT#0001…` up to its `eventSeq`, no
 *   gaps and no extra ones, the first one `submitted`, the latest state
 *   change ending in the record's state;
 * - its personal-data item exists exactly when the record says it has some;
 * - its queue entries (and index entries by kind and institution) are the
 *   ones its `queue` and state imply: in the open or closed lists, with the
 *   record's state and sort key; no others;
 * - every idempotency record names an existing case;
 * - the dashboard's counters (`STATS#`, their shards summed) equal what the cases' events imply
 *   (received per kind, answered, declined, transferred, concluded, per
 *   outcome, merged, feedback, reopened, amounts recovered, substantiated),
 *   the working-day buckets add up to the steps they bucket, and on-time
 *   counts never exceed their totals;
 * - each institution's risk counters (`RISK#`, their shards summed) equal what its cases imply;
 * - no item of a case's partitions (`CASE#`, `CASEIDX#`) without its case.
 */
import { caseKeys, inOpenQueue, QUEUE_COMBOS, QUEUE_FACETS, queueKind, type QueueFacet } from '../../functions/data/cases.ts';
import type { Db } from '../../functions/data/client.ts';
import { cstMonth, riskKeys } from '../../functions/data/risk.ts';
import { isoWeek } from '../../functions/data/stats.ts';
import { dueOf } from '../../shared/rules/deadlines.ts';
import { CaseEvent, CaseRecord } from '../../shared/schemas/cases.ts';
import { CASE_STATE_GROUP } from '../../shared/vocabulary.ts';
import { scanAll } from '../builders/cases.ts';

type Item = Record<string, unknown>;

export interface ConsistencyReport {
  ok: boolean;
  problems: string[];
  counts: { cases: number; events: number; queueEntries: number; idempotency: number; statsItems: number; riskItems: number };
}

/** Counters the checker derives exactly from the cases (the rest are checked by sums and bounds). */
const EXACT = /^(received(:.*)?|answered|declined|transferred|concluded|outcome:.*|merged|satisfied|unsatisfied|reopened|amountRecovered|subst:.*)$/;

const RISK_COUNTERS = ['openDisputes', 'totalDisputes', 'amountInDispute', 'complaints', 'amountRecovered', 'substantiated'] as const;

function add(into: Map<string, Record<string, number>>, key: string, counters: Record<string, number>) {
  const row = into.get(key) ?? {};
  for (const [name, n] of Object.entries(counters)) if (n) row[name] = (row[name] ?? 0) + n;
  into.set(key, row);
}

function num(value: unknown): number {
  return typeof value === 'number' ? value : 0;
}

/** Checks a list of items (as a scan returns them); `checkTable` scans first. */
export function checkItems(items: readonly Item[]): ConsistencyReport {
  const problems: string[] = [];
  const byPk = new Map<string, Item[]>();
  for (const item of items) byPk.set(String(item.pk), [...(byPk.get(String(item.pk)) ?? []), item]);

  const records = new Map<string, CaseRecord & { eventSeq: number; queue: Array<{ departmentId: string }> }>();
  for (const item of items) {
    if (item.entity !== 'case') continue;
    const parsed = CaseRecord.safeParse(item);
    if (!parsed.success) {
      problems.push(`${String(item.pk)}: case record does not parse`);
      continue;
    }
    records.set(parsed.data.caseNumber, { ...parsed.data, eventSeq: num(item.eventSeq), queue: (item.queue as Array<{ departmentId: string }>) ?? [] });
  }

  const stats = new Map<string, Record<string, number>>();
  const buckets = new Map<string, { accepts: number; concludes: number }>();
  const risk = new Map<string, Record<string, number>>();
  let eventCount = 0;
  let queueCount = 0;

  for (const [n, record] of records) {
    const own = byPk.get(caseKeys.record(n).pk) ?? [];
    // Events: 1…eventSeq, nothing more.
    const events: CaseEvent[] = [];
    for (const item of own.filter((i) => String(i.sk).startsWith('EVT#'))) {
      const parsed = CaseEvent.safeParse(item);
      if (parsed.success) events.push(parsed.data);
      else problems.push(`${n}: event ${String(item.sk)} does not parse`);
    }
    events.sort((a, b) => a.seq - b.seq);
    eventCount += events.length;
    const seqs = events.map((e) => e.seq).join(',');
    const expected = Array.from({ length: record.eventSeq }, (_, i) => i + 1).join(',');
    if (seqs !== expected) problems.push(`${n}: events ${seqs || 'none'}, expected 1…${record.eventSeq}`);
    if (events[0] && events[0].type !== 'submitted') problems.push(`${n}: first event is ${events[0].type}, not submitted`);
    const lastChange = events.filter((e): e is CaseEvent & { to: string } => 'to' in e && typeof e.to === 'string').at(-1);
    if (lastChange && lastChange.to !== record.state) problems.push(`${n}: last event ends in ${lastChange.to}, the record is ${record.state}`);

    // Personal data exactly when the record says so.
    const hasPii = own.some((i) => i.sk === 'PII');
    if (hasPii !== record.hasPersonalData) problems.push(`${n}: personal-data item ${hasPii ? 'present' : 'missing'}, record says hasPersonalData=${record.hasPersonalData}`);

    // Queue entries: exactly those the record's queue and state imply.
    const facets = byPk.get(caseKeys.queueFacet(n, '', 'kind').pk) ?? [];
    const found = new Map<string, Item>();
    for (const item of [...own, ...facets]) if (String(item.sk).startsWith('QUEUE#')) found.set(`${String(item.pk)}|${String(item.sk)}`, item);
    queueCount += found.size;
    const open = inOpenQueue(record);
    const due = dueOf(record);
    const gsi1sk = open
      ? caseKeys.queueSort(record.routing.priority, due.dueBy, n, Boolean(record.pause))
      : caseKeys.doneSort(record.closedAt ?? record.mergedAt ?? record.submittedAt, n);
    const values: Record<QueueFacet, string | undefined> = { kind: queueKind(record), inst: record.institution.id, district: record.districtCode, state: record.state };
    const want = new Map<string, string>();
    for (const { departmentId } of record.queue) {
      const main = caseKeys.queue(n, departmentId);
      want.set(`${main.pk}|${main.sk}`, open ? caseKeys.openQueue(departmentId) : caseKeys.closedQueue(departmentId));
      if (record.mergedInto) continue;
      for (const facet of QUEUE_FACETS) {
        const value = values[facet];
        if (value === undefined) continue;
        const key = caseKeys.queueFacet(n, departmentId, facet);
        want.set(`${key.pk}|${key.sk}`, caseKeys.facetQueue(departmentId, open, facet, value));
      }
    }
    const gsi2sk = caseKeys.submittedSort(record.submittedAt, n);
    for (const [key, gsi1pk] of want) {
      const item = found.get(key);
      if (!item) problems.push(`${n}: queue entry ${key} missing`);
      else if (item.gsi1pk !== gsi1pk || item.gsi1sk !== gsi1sk || item.state !== record.state) {
        problems.push(`${n}: queue entry ${key} is ${String(item.gsi1pk)} ${String(item.gsi1sk)} (${String(item.state)}), expected ${gsi1pk} ${gsi1sk} (${record.state})`);
      } else if (record.mergedInto ? item.gsi2pk !== undefined : item.gsi2pk !== gsi1pk || item.gsi2sk !== gsi2sk) {
        // A merged duplicate is in no list by date.
        problems.push(`${n}: queue entry ${key} is ${String(item.gsi2pk)} ${String(item.gsi2sk)} by date, expected ${record.mergedInto ? 'none' : `${gsi1pk} ${gsi2sk}`}`);
      }
    }
    for (const key of found.keys()) if (!want.has(key)) problems.push(`${n}: stray queue entry ${key}`);
    // The combinations' keys (T4c): each one the record implies, on its entry, and no other.
    const combos = (entries: Iterable<[string, Item]>) =>
      [...entries].flatMap(([key, item]) => [1, 2, 3].flatMap((slot) => (item[`combo${slot}pk`] === undefined ? [] : [`${key} combo${slot}pk=${String(item[`combo${slot}pk`])}`]))).sort();
    const wantCombos: string[] = [];
    if (!record.mergedInto) {
      for (const { departmentId } of record.queue) {
        for (const combo of QUEUE_COMBOS) {
          if (combo.facets.some((facet) => values[facet] === undefined)) continue;
          const entry = combo.on === 'main' ? caseKeys.queue(n, departmentId) : caseKeys.queueFacet(n, departmentId, combo.on);
          const list = caseKeys.comboQueue(departmentId, open, combo.facets.map((facet) => [facet, values[facet]!] as const));
          wantCombos.push(`${entry.pk}|${entry.sk} combo${combo.slot}pk=${list}`);
        }
      }
    }
    const foundCombos = combos(found);
    if (foundCombos.join('\n') !== wantCombos.sort().join('\n')) problems.push(`${n}: combination keys ${foundCombos.join(', ')}, expected ${wantCombos.join(', ')}`);

    // What the dashboard counted for this case, step by step.
    const submitted = events[0]?.type === 'submitted' ? events[0] : undefined;
    let lead = submitted && 'leadDepartmentId' in submitted ? String(submitted.leadDepartmentId) : record.leadDepartmentId;
    add(stats, `${isoWeek(record.submittedAt)}|${record.districtCode}#${lead}`, { received: 1, [`received:${queueKind(record)}`]: 1 });
    for (const event of events) {
      if (event.type !== 'transition' || event.mirroredFrom) continue;
      const key = `${isoWeek(event.at)}|${record.districtCode}#${lead}`;
      const p = event.public ?? {};
      const counters: Record<string, number> = {};
      const bucket = buckets.get(key) ?? { accepts: 0, concludes: 0 };
      switch (event.action) {
        case 'accept':
          counters.answered = 1;
          bucket.accepts++;
          break;
        case 'decline':
          Object.assign(counters, { answered: 1, declined: 1 });
          break;
        case 'transfer':
          counters.transferred = 1;
          lead = p.toDepartmentId ?? lead;
          break;
        case 'conclude': {
          Object.assign(counters, { concluded: 1, [`outcome:${p.outcome}`]: 1, amountRecovered: p.amountRecovered ?? 0 });
          bucket.concludes++;
          const substantiated = p.outcome !== 'not_substantiated' && record.type === 'complaint' && record.institution.id;
          if (substantiated) counters[`subst:${record.institution.id}`] = 1;
          if (record.institution.id) add(risk, record.institution.id, { amountRecovered: p.amountRecovered ?? 0, substantiated: substantiated ? 1 : 0 });
          break;
        }
        case 'merge':
          if (event.internal?.originalCaseNumber) counters.merged = 1;
          break;
        case 'feedback_satisfied':
          counters.satisfied = 1;
          break;
        case 'feedback_unsatisfied':
          Object.assign(counters, { unsatisfied: 1, ...(event.to === 'in_progress' ? { reopened: 1 } : {}) });
          break;
      }
      buckets.set(key, bucket);
      add(stats, key, counters);
    }

    // What the risk ledger counted.
    if (record.institution.id) {
      const open = CASE_STATE_GROUP[record.state] !== 'closed';
      add(
        risk,
        record.institution.id,
        record.type === 'refund_dispute'
          ? { totalDisputes: 1, openDisputes: open ? 1 : 0, amountInDispute: open ? (record.refund?.amountAsked ?? 0) : 0 }
          : { complaints: 1, [riskKeys.month(cstMonth(record.submittedAt))]: 1 },
      );
    }
  }

  // Dashboard counters as stored: the shards of a (week, district, department) summed (functions/data/stats.ts).
  const statsItems = items.filter((i) => i.entity === 'stats');
  const storedStats = new Map<string, Record<string, number>>();
  for (const item of statsItems) {
    const numbers = Object.fromEntries(Object.entries(item).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    add(storedStats, `${String(item.week)}|${String(item.districtCode)}#${String(item.departmentId)}`, numbers);
  }
  for (const [key, item] of storedStats) {
    const want = stats.get(key) ?? {};
    for (const name of new Set([...Object.keys(item).filter((k) => EXACT.test(k)), ...Object.keys(want)])) {
      if (num(item[name]) !== (want[name] ?? 0)) problems.push(`stats ${key}: ${name} is ${num(item[name])}, the cases imply ${want[name] ?? 0}`);
    }
    const sum = (prefix: string) => Object.entries(item).reduce((s, [k, v]) => (k.startsWith(prefix) ? s + num(v) : s), 0);
    const b = buckets.get(key) ?? { accepts: 0, concludes: 0 };
    if (sum('acceptDays:') !== b.accepts) problems.push(`stats ${key}: acceptDays buckets add up to ${sum('acceptDays:')}, ${b.accepts} acceptances`);
    if (sum('concludeDays:') !== b.concludes) problems.push(`stats ${key}: concludeDays buckets add up to ${sum('concludeDays:')}, ${b.concludes} conclusions`);
    if (num(item.answeredOnTime) > num(item.answered)) problems.push(`stats ${key}: answeredOnTime over answered`);
    if (num(item.concludedOnTime) > num(item.concluded)) problems.push(`stats ${key}: concludedOnTime over concluded`);
  }
  for (const [key, want] of stats) {
    if (!storedStats.has(key) && Object.values(want).some((n) => n !== 0)) problems.push(`stats ${key}: missing (the cases imply ${JSON.stringify(want)})`);
  }

  // Risk counters as stored: an institution's shards summed (functions/data/risk.ts).
  const riskItems = items.filter((i) => i.entity === 'risk_counter');
  const storedRisk = new Map<string, Record<string, number>>();
  for (const item of riskItems) {
    const numbers = Object.fromEntries(Object.entries(item).filter(([, v]) => typeof v === 'number')) as Record<string, number>;
    add(storedRisk, String(item.institutionId), numbers);
  }
  for (const [id, stored] of storedRisk) {
    const want = risk.get(id);
    if (!want) {
      problems.push(`risk ${id}: counters without any case`);
      continue;
    }
    const months = Object.keys(stored).filter((k) => k.startsWith('complaints@'));
    for (const name of new Set([...RISK_COUNTERS, ...months, ...Object.keys(want).filter((k) => k.startsWith('complaints@'))])) {
      if (num(stored[name]) !== (want[name] ?? 0)) problems.push(`risk ${id}: ${name} is ${num(stored[name])}, the cases imply ${want[name] ?? 0}`);
    }
    const corrupt = riskItems.filter((i) => i.institutionId === id && RISK_COUNTERS.some((name) => i[name] !== undefined && typeof i[name] !== 'number'));
    if (corrupt.length) problems.push(`risk ${id}: ${corrupt.length} item(s) with a counter that is not a number`);
  }
  for (const id of risk.keys()) if (!storedRisk.has(id)) problems.push(`risk ${id}: counters missing`);

  // Idempotency records point at cases; nothing of a case's partitions without its case.
  const idempotency = items.filter((i) => i.entity === 'idempotency');
  for (const item of idempotency) if (!records.has(String(item.caseNumber))) problems.push(`${String(item.pk)}: idempotency record for missing case ${String(item.caseNumber)}`);
  for (const [pk, partition] of byPk) {
    const m = /^(?:CASE|CASEIDX)#(.+)$/.exec(pk);
    if (m && !records.has(m[1]!)) problems.push(`${pk}: ${partition.length} orphan item(s) (${partition.map((i) => String(i.sk)).join(', ')}) without a case record`);
  }

  return {
    ok: problems.length === 0,
    problems,
    counts: { cases: records.size, events: eventCount, queueEntries: queueCount, idempotency: idempotency.length, statsItems: statsItems.length, riskItems: riskItems.length },
  };
}

/** Scans the table and checks it. */
export async function checkTable(db: Db): Promise<ConsistencyReport> {
  return checkItems(await scanAll(db));
}

/**
 * 分办: route a complaint or refund dispute to the department that leads it,
 * with its co-handling departments, priority and deadlines. The rules are a
 * table of data per jurisdiction (shared/jurisdiction/routing-xinyang.ts, with
 * the sources of every default); this module only matches and computes.
 *
 * Matching: a row matches when its case type is the case's and each of its
 * optional keys (complaint kind, institution category, district) is absent or
 * equal. The most specific match wins, scored kind 4 + category 2 + district 1,
 * so kind+category+district > kind+category > kind+district > kind > the
 * default row; the table schema forbids two rows with the same keys, so there
 * is never a tie. Every decision carries the id of the row that made it.
 */
import type { CaseType, DepartmentRef, RoutingRule, RoutingTable, WorkingCalendar } from '../jurisdiction/types.ts';
import type { ComplaintKind, DepartmentKind, InstitutionCategory, Priority } from '../vocabulary.ts';
import { deadlineFrom as deadline } from './deadlines.ts';

export interface RouteInput {
  caseType: CaseType;
  kind?: ComplaintKind;
  /** Unknown for an institution that is not on the list. */
  category?: InstitutionCategory;
  /** The registry's per-institution override of who supervises it, when there is one. */
  supervisingDepartment?: DepartmentKind;
  districtCode: string;
  /** When the case was received (ISO timestamp with zone). */
  receivedAt: string;
  /** When it was accepted, once it has been: limits counted from acceptance are recomputed from it. */
  acceptedAt?: string;
}

/** Where a case goes and by when; the shape of `Routing` in shared/schemas/cases.ts. */
export interface RouteDecision {
  leadDepartment: DepartmentKind;
  coHandling: DepartmentKind[];
  priority: Priority;
  acceptBy: string;
  concludeBy: string;
  ruleId: string;
}

const specificity = (r: RoutingRule) => (r.kind ? 4 : 0) + (r.category ? 2 : 0) + (r.districtCode ? 1 : 0);

/** The row that decides a case: the most specific one that matches. */
export function matchRoutingRule(input: Pick<RouteInput, 'caseType' | 'kind' | 'category' | 'districtCode'>, table: RoutingTable): RoutingRule {
  let best: RoutingRule | undefined;
  for (const r of table.rules) {
    if (r.caseType !== input.caseType) continue;
    if (r.kind !== undefined && r.kind !== input.kind) continue;
    if (r.category !== undefined && r.category !== input.category) continue;
    if (r.districtCode !== undefined && r.districtCode !== input.districtCode) continue;
    if (!best || specificity(r) > specificity(best)) best = r;
  }
  // The schema requires a default row per case type, so this only happens with an unparsed table.
  if (!best) throw new Error(`The routing table has no rule for ${input.caseType}`);
  return best;
}

/** The department kind behind a row's reference. */
export function resolveDepartment(ref: DepartmentRef, input: Pick<RouteInput, 'category' | 'supervisingDepartment'>, table: RoutingTable): DepartmentKind {
  if (ref !== 'category_supervisor') return ref;
  if (input.supervisingDepartment) return input.supervisingDepartment;
  return input.category ? table.supervision[input.category] : table.unknownCategorySupervisor;
}

/** Why a case went where it did: the row's legal basis, and the basis of each category supervisor it named; shown to staff. */
export interface RouteBasis {
  ruleId: string;
  basis: string[];
  priorityReason?: string;
  note?: string;
}

export function explainRoute(input: Pick<RouteInput, 'caseType' | 'kind' | 'category' | 'districtCode' | 'supervisingDepartment'>, table: RoutingTable): RouteBasis {
  const rule = matchRoutingRule(input, table);
  const basis = [...rule.basis];
  const namesSupervisor = rule.lead === 'category_supervisor' || rule.coHandling.includes('category_supervisor');
  if (namesSupervisor && !input.supervisingDepartment) {
    const supervisorBasis = input.category ? table.supervisionBasis?.[input.category] : table.unknownCategoryBasis;
    if (supervisorBasis && !basis.includes(supervisorBasis)) basis.unshift(supervisorBasis);
  }
  return {
    ruleId: rule.id,
    basis,
    ...(rule.priorityReason ? { priorityReason: rule.priorityReason } : {}),
    ...(rule.note ? { note: rule.note } : {}),
  };
}

/**
 * Route a case. Deadlines: `acceptBy` counts from receipt; `concludeBy` from
 * receipt, or for rows counted from acceptance (12315 mediation) from
 * `acceptedAt` when known, else from the latest permitted acceptance.
 */
export function routeCase(input: RouteInput, table: RoutingTable, calendar: WorkingCalendar): RouteDecision {
  const rule = matchRoutingRule(input, table);
  const leadDepartment = resolveDepartment(rule.lead, input, table);
  const coHandling: DepartmentKind[] = [];
  for (const ref of rule.coHandling) {
    const kind = resolveDepartment(ref, input, table);
    if (kind !== leadDepartment && !coHandling.includes(kind)) coHandling.push(kind);
  }
  const acceptBy = deadline(input.receivedAt, rule.accept, calendar);
  const concludeFrom = rule.concludeCountsFrom === 'accepted' ? (input.acceptedAt ?? acceptBy) : input.receivedAt;
  return {
    leadDepartment,
    coHandling,
    priority: rule.priority,
    acceptBy,
    concludeBy: deadline(concludeFrom, rule.conclude, calendar),
    ruleId: rule.id,
  };
}

/**
 * From a routing decision (shared/rules/routing.ts, data per jurisdiction) to
 * the offices that handle the case and see it in their queues.
 *
 * - An office is `departmentId(kind, district)` when that kind has offices
 *   per district (DISTRICT_LEVEL_KINDS: education, culture, science, market),
 *   else the city's (`departmentId(kind, cityCode)`: police, fire, ...).
 * - Queues: each handling office, and, for a district office, the city-level
 *   office of the same kind too, since a city office oversees every district
 *   (the same rule as the registry's scope: shared/jurisdiction/departments.ts
 *   `coversDistrict`). The lead role wins when an office appears twice.
 */
import { jurisdiction as defaultJurisdiction, departmentId, departmentsOf, DISTRICT_LEVEL_KINDS, type Jurisdiction } from '#shared/jurisdiction/index.ts';
import { explainRoute, routeCase, type RouteBasis, type RouteDecision, type RouteInput } from '#shared/rules/routing.ts';
import type { Department } from '#shared/schemas/department.ts';
import type { DepartmentKind } from '#shared/vocabulary.ts';
import type { QueueEntry } from '../data/cases.ts';

export function handlingOffice(kind: DepartmentKind, districtCode: string, j: Jurisdiction = defaultJurisdiction): string {
  return departmentId(kind, DISTRICT_LEVEL_KINDS.includes(kind) ? districtCode : j.code);
}

export interface RoutedCase {
  decision: RouteDecision;
  /** The legal basis of the row that decided it, and why its priority: recorded for staff on the `routed` event. */
  why: RouteBasis;
  leadDepartmentId: string;
  coHandlingDepartmentIds: string[];
  queue: QueueEntry[];
}

export function routeNewCase(input: RouteInput, j: Jurisdiction = defaultJurisdiction): RoutedCase {
  const decision = routeCase(input, j.routing, j.calendar);
  const leadDepartmentId = handlingOffice(decision.leadDepartment, input.districtCode, j);
  const coHandlingDepartmentIds = [...new Set(decision.coHandling.map((kind) => handlingOffice(kind, input.districtCode, j)))].filter(
    (id) => id !== leadDepartmentId,
  );
  const queue = new Map<string, QueueEntry['role']>();
  const add = (id: string, role: QueueEntry['role']) => {
    if (queue.get(id) !== 'lead') queue.set(id, role);
  };
  for (const [kind, role] of [
    [decision.leadDepartment, 'lead'] as const,
    ...decision.coHandling.map((kind) => [kind, 'co_handling'] as const),
  ]) {
    add(handlingOffice(kind, input.districtCode, j), role);
    add(departmentId(kind, j.code), role);
  }
  return {
    decision,
    why: explainRoute(input, j.routing),
    leadDepartmentId,
    coHandlingDepartmentIds,
    queue: [...queue].map(([departmentId, role]) => ({ departmentId, role })),
  };
}

const departmentCache = new WeakMap<Jurisdiction, Map<string, Department>>();

export function departmentById(id: string, j: Jurisdiction = defaultJurisdiction): Department | undefined {
  let map = departmentCache.get(j);
  if (!map) {
    map = new Map(departmentsOf(j).map((d) => [d.id, d]));
    departmentCache.set(j, map);
  }
  return map.get(id);
}

export function departmentName(id: string, j: Jurisdiction = defaultJurisdiction): string {
  return departmentById(id, j)?.name ?? id;
}

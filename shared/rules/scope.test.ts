import { describe, expect, it } from 'vitest';
import { xinyang } from '../jurisdiction/xinyang.ts';
import type { DepartmentKind, StaffRole } from '../vocabulary.ts';
import { canManageInstitution, effectiveRoles, hasAnyRole, requiresTotp, scopeOf } from './scope.ts';

describe('canManageInstitution: department kind and area', () => {
  const cases: Array<[string, string, DepartmentKind, string, boolean]> = [
    // [why, staff department, institution's supervising kind, institution's district, expected]
    ['own kind, own district', 'education-411502', 'education', '411502', true],
    ['own kind, another district', 'education-411502', 'education', '411503', false],
    ['another district office of the same kind', 'education-411503', 'education', '411502', false],
    ['city-level office, any district', 'education-411500', 'education', '411528', true],
    ['city-level office, city-centre district', 'education-411500', 'education', '411502', true],
    ['another kind, own district', 'education-411502', 'culture', '411502', false],
    ['city culture office, arts institution', 'culture-411500', 'culture', '411503', true],
    ['city culture office, education-supervised institution', 'culture-411500', 'education', '411503', false],
    ['district science office, its own district', 'science-411521', 'science', '411521', true],
    ['city-only kind (police) at city level', 'police-411500', 'police', '411525', true],
    ['unknown department', 'education-999999', 'education', '411502', false],
    ['district outside the jurisdiction', 'education-411500', 'education', '110101', false],
    ['the city code is not a district', 'education-411500', 'education', '411500', false],
  ];

  it.each(cases)('%s: %s on (%s, %s) → %s', (_why, departmentId, kind, districtCode, expected) => {
    expect(canManageInstitution({ departmentId }, { supervisingDepartmentKind: kind, districtCode }, xinyang)).toBe(expected);
  });
});

describe('scopeOf', () => {
  it('gives a district office its own district', () => {
    expect(scopeOf({ departmentId: 'education-411502' }, xinyang)).toEqual({ kind: 'education', districtCodes: ['411502'] });
  });

  it('gives a city office every district', () => {
    expect(scopeOf({ departmentId: 'culture-411500' }, xinyang)?.districtCodes).toHaveLength(xinyang.districts.length);
  });

  it('gives an unknown department nothing', () => {
    expect(scopeOf({ departmentId: 'nowhere-1' }, xinyang)).toBeUndefined();
  });
});

describe('roles', () => {
  const table: Array<[StaffRole[], StaffRole[], boolean]> = [
    [['viewer'], ['viewer'], true],
    [['viewer'], ['editor'], false],
    [['editor'], ['viewer'], true],
    [['editor'], ['publisher'], false],
    [['publisher'], ['editor'], true],
    [['administrator'], ['editor'], false],
    [['administrator'], ['administrator'], true],
    [['editor'], ['publisher', 'administrator'], false],
    [['editor', 'administrator'], ['publisher', 'administrator'], true],
    [['viewer'], [], true],
  ];

  it.each(table)('%j holding, %j required → %s', (granted, required, expected) => {
    expect(hasAnyRole(granted, required)).toBe(expected);
  });

  it('spells out what a publisher amounts to', () => {
    expect([...effectiveRoles(['publisher'])].sort()).toEqual(['editor', 'publisher', 'viewer']);
  });

  it('requires a second factor for publishers and administrators only', () => {
    expect(requiresTotp(['publisher'])).toBe(true);
    expect(requiresTotp(['administrator'])).toBe(true);
    expect(requiresTotp(['editor', 'viewer'])).toBe(false);
  });
});

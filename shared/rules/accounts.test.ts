import { describe, expect, it } from 'vitest';
import { coversDistrict, departmentsOf } from '../jurisdiction/departments.ts';
import { jurisdiction } from '../jurisdiction/index.ts';
import { StaffRoles, type StaffRole } from '../vocabulary.ts';
import { grantRefusal, manageRefusal, passwordProblem } from './accounts.ts';
import { findDepartment } from './scope.ts';

const departments = departmentsOf(jurisdiction);
const roleSets: StaffRole[][] = [...StaffRoles.keys.map((r) => [r]), ['editor', 'supervisor'], ['publisher', 'administrator']];

/** The districts an account of this department can reach, and its kind. */
function reach(departmentId: string) {
  const d = findDepartment(departmentId)!;
  return { kind: d.kind, districts: jurisdiction.districts.filter((x) => coversDistrict(d, x.code, jurisdiction)).map((x) => x.code) };
}

describe('granting roles and scope: every actor × target, 0 escalations', () => {
  const rows: { actor: string; actorRoles: StaffRole[]; target: string; targetRoles: StaffRole[]; allowed: boolean }[] = [];
  for (const actor of departments)
    for (const actorRoles of roleSets)
      for (const target of departments)
        for (const targetRoles of roleSets)
          rows.push({
            actor: actor.id,
            actorRoles,
            target: target.id,
            targetRoles,
            allowed: grantRefusal({ username: 'actor', departmentId: actor.id, roles: actorRoles }, { departmentId: target.id, roles: targetRoles }) === null,
          });

  it('covers the whole table', () => {
    expect(rows.length).toBe(departments.length ** 2 * roleSets.length ** 2);
  });

  it('never lets anyone create an account that reaches an institution they cannot reach', () => {
    const escalations = rows.filter((r) => {
      if (!r.allowed) return false;
      const mine = reach(r.actor);
      const theirs = reach(r.target);
      return theirs.kind !== mine.kind || theirs.districts.some((d) => !mine.districts.includes(d));
    });
    expect(escalations).toEqual([]);
  });

  it('lets only administrators grant anything', () => {
    expect(rows.filter((r) => r.allowed && !r.actorRoles.includes('administrator'))).toEqual([]);
  });

  it('lets an administrator grant every role within their own area and kind', () => {
    const missed = rows.filter((r) => {
      if (!r.actorRoles.includes('administrator')) return false;
      const mine = reach(r.actor);
      const theirs = reach(r.target);
      const within = theirs.kind === mine.kind && theirs.districts.every((d) => mine.districts.includes(d));
      return within !== r.allowed;
    });
    expect(missed).toEqual([]);
  });

  it.each([
    ['a district administrator cannot create a city-wide supervisor', 'education-411502', 'education-411500', ['supervisor'], 'department_out_of_scope'],
    ['nor an account of another district', 'education-411502', 'education-411503', ['editor'], 'department_out_of_scope'],
    ['a city administrator cannot create one of another department kind', 'education-411500', 'culture-411502', ['editor'], 'department_out_of_scope'],
    ['a city administrator can create a district inspector', 'education-411500', 'education-411502', ['editor'], null],
    ['nor an account of a department that does not exist', 'education-411500', 'nowhere-999999', ['editor'], 'unknown_department'],
  ] as const)('%s', (_, actor, target, roles, refusal) => {
    expect(grantRefusal({ username: 'a', departmentId: actor, roles: ['administrator'] }, { departmentId: target, roles })).toBe(refusal);
  });

  it('refuses changes to one’s own account and accounts with no roles', () => {
    const admin = { username: 'admin', departmentId: 'education-411500', roles: ['administrator'] as StaffRole[] };
    expect(manageRefusal(admin, { username: 'admin', departmentId: 'education-411500' })).toBe('own_account');
    expect(grantRefusal(admin, { departmentId: 'education-411502', roles: [] })).toBe('no_roles');
  });
});

describe('password rule (NIST SP 800-63B style)', () => {
  it.each([
    ['short1234', 'too_short'],
    ['一二三四五六七八九十十一', null], // 12 Chinese characters count as 12
    ['qwerty123456', 'common'],
    ['1QAZ2WSX3EDC', 'common'],
    ['aaaaaaaaaaaaaaa', 'repeated'],
    ['my name is li.wei and I like tea', 'contains_username'],
    ['马上下雨了带把伞去学校接孩子', null],
    ['correct horse battery staple', null],
    ['ｑｗｅｒｔｙ１２３４５６', 'common'], // full-width is the same password after NFKC
  ] as const)('%s → %s', (password, problem) => {
    expect(passwordProblem(password, 'li.wei')).toBe(problem);
  });
});

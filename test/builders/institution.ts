import { creditCodeCheckCharacter } from '../../shared/rules/credit-code.ts';
import type { InstitutionFields } from '../../shared/schemas/institution.ts';
import type { Actor } from '../../shared/schemas/common.ts';

/**
 * Numbers for names, licences and credit codes: a random start per test file, then one more each
 * time, so no two institutions of a file ever share one. (A random number per institution did: among
 * the 600 rows of an import test, two alike about one run in six, and the file was rightly refused.)
 */
let counter = Math.floor(Math.random() * 9_000_000);

/** A valid credit code for a number, so each test institution has its own. */
export function makeCreditCode(n: number): string {
  const first17 = `52411502MJ${String(n).padStart(7, '0')}`;
  return first17 + creditCodeCheckCharacter(first17);
}

/** A valid institution's fields; override what the test is about. */
export function makeInstitutionFields(overrides: Partial<InstitutionFields> = {}): InstitutionFields {
  counter += 1;
  const n = counter;
  return {
    name: `小天鹅舞蹈培训中心${n}`,
    formerNames: [],
    category: 'arts',
    profitType: 'non_profit',
    districtCode: '411502',
    premises: [{ address: '信阳市浉河区民权路18号二楼', districtCode: '411502' }],
    licence: {
      number: `教民1415027${String(n).padStart(7, '0')}号`,
      issuer: '浉河区文化广电和旅游局',
      issuedOn: '2024-03-01',
      expiresOn: '2027-02-28',
      scope: '舞蹈、音乐',
    },
    registration: { creditCode: makeCreditCode(n), type: 'non_enterprise_certificate' },
    fundSupervision: { mode: 'bank_custody', bank: '中国银行信阳分行' },
    insured: true,
    inspections: [],
    sanctions: [],
    ...overrides,
  };
}

export const testActor: Actor = { staffId: 'test-editor', name: '测试编辑', departmentId: 'culture-411500' };

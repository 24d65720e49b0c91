import { describe, expect, it } from 'vitest';
import { xiangyuan } from '#shared/jurisdiction/xiangyuan.ts';
import { containsIdCardNumber } from '#shared/schemas/cases.ts';
import { hashPassword } from '../auth/password.ts';
import { ACCESS_CODE_ALPHABET, ACCESS_CODE_PARAMS, formatAccessCode, hashAccessCode, newAccessCode, normaliseAccessCode, verifyAccessCode, verifyAgainstDummy } from './access-code.ts';
import { canonicalJson, submissionFingerprint } from './fingerprint.ts';
import { maskMobile, maskName } from './masking.ts';
import { departmentName, routeNewCase } from './routing.ts';

describe('access codes', () => {
  it('are 8 characters of an unambiguous alphabet, printed in two groups', () => {
    const codes = Array.from({ length: 200 }, newAccessCode);
    for (const code of codes) expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{8}$/);
    expect(new Set(codes).size).toBe(200);
    expect(ACCESS_CODE_ALPHABET).toHaveLength(32);
    expect(formatAccessCode('K7QM4XPD')).toBe('K7QM-4XPD');
  });

  it('forgive how they are typed: case, dashes, spaces, full-width, O for 0 and I or L for 1', () => {
    expect(normaliseAccessCode('k7qm-4xpd')).toBe('K7QM4XPD');
    expect(normaliseAccessCode(' K7QM 4XPD ')).toBe('K7QM4XPD');
    expect(normaliseAccessCode('Ｋ７ＱＭ４ＸＰＤ')).toBe('K7QM4XPD');
    expect(normaliseAccessCode('O1LI-0000')).toBe('01110000');
    expect(normaliseAccessCode('K7QM4XP')).toBeNull();
    expect(normaliseAccessCode('K7QM4XPU')).toBeNull();
  });

  const keys = { secret: 'test-secret-of-at-least-32-characters!!' };

  it('are stored as a salted keyed hash that verifies only the right code, and only with the key', async () => {
    const hash = await hashAccessCode('K7QM4XPD', keys.secret);
    expect(hash).toMatch(/^\$hmac-sha256\$k=[0-9a-f]{16}\$/);
    expect(hash).not.toContain('K7QM4XPD');
    expect(await hashAccessCode('K7QM4XPD', keys.secret)).not.toBe(hash);
    expect(await verifyAccessCode('K7QM4XPD', hash, keys)).toBe(true);
    expect(await verifyAccessCode('K7QM4XPE', hash, keys)).toBe(false);
    // Without the key the table is useless: another secret verifies nothing.
    expect(await verifyAccessCode('K7QM4XPD', hash, { secret: 'another-secret-of-at-least-32-characters' })).toBe(false);
    expect(await verifyAccessCode('K7QM4XPD', hash.slice(0, -2), keys)).toBe(false);
    expect(await verifyAgainstDummy('K7QM4XPD', keys)).toBe(false);
    expect(await verifyAgainstDummy('00000000', keys)).toBe(false);
  });

  it('made with the secret before a rotation still verify; older ones do not', async () => {
    const hash = await hashAccessCode('K7QM4XPD', keys.secret);
    const rotated = { secret: 'the-next-secret-of-at-least-32-characters', previousSecret: keys.secret };
    expect(await verifyAccessCode('K7QM4XPD', hash, rotated)).toBe(true);
    expect(await verifyAccessCode('K7QM4XPE', hash, rotated)).toBe(false);
    expect(await verifyAccessCode('K7QM4XPD', hash, { secret: 'a-third-secret-of-at-least-32-characters', previousSecret: rotated.secret })).toBe(false);
  });

  it('stored before as a salted scrypt hash still verify', async () => {
    const legacy = await hashPassword('K7QM4XPD', ACCESS_CODE_PARAMS);
    expect(legacy.startsWith(`$scrypt$ln=${ACCESS_CODE_PARAMS.ln},r=8,p=1$`)).toBe(true);
    expect(await verifyAccessCode('K7QM4XPD', legacy, keys)).toBe(true);
    expect(await verifyAccessCode('K7QM4XPE', legacy, keys)).toBe(false);
  });

  it('hash thousands a second on one core (filing was CPU-bound at about 9 a second with scrypt)', async () => {
    const started = performance.now();
    for (let i = 0; i < 2000; i++) await hashAccessCode('K7QM4XPD', keys.secret);
    // 2,000 hashes well under a second even on a loaded machine (about 10 µs each when idle).
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('masking', () => {
  it('shows the first three and last four digits of a mobile, and the first character of a name', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('王女士')).toBe('王**');
    expect(maskName('张')).toBe('*');
    expect(maskName('𠮷野家')).toBe('𠮷**');
  });
});

describe('submission fingerprints', () => {
  it('do not depend on key order, do on every value, and are keyed', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: undefined } })).toBe('{"a":{"d":[1,{"x":1,"y":2}]},"b":1}');
    const f = (body: unknown, secret = 's'.repeat(32), scope = 'complaint') => submissionFingerprint(secret, scope, body);
    expect(f({ a: 1, b: 2 })).toBe(f({ b: 2, a: 1 }));
    expect(f({ a: 1 })).not.toBe(f({ a: 2 }));
    expect(f({ a: 1 })).not.toBe(f({ a: 1 }, 't'.repeat(32)));
    expect(f({ a: 1 })).not.toBe(f({ a: 1 }, undefined, 'refund_dispute'));
  });
});

describe('identity-card numbers in free text', () => {
  it('are found when the check character is right, not for other long numbers', () => {
    expect(containsIdCardNumber('身份证11010519491231002X')).toBe(true);
    expect(containsIdCardNumber('身份证 110105194912310021')).toBe(false);
    expect(containsIdCardNumber('案件 2611-3852-0917-5，电话13812345678')).toBe(false);
    expect(containsIdCardNumber('订单号 1234567890123456789012')).toBe(false);
  });
});

describe('offices and queues of a routed case', () => {
  const at = '2026-11-20T02:00:00.000Z';
  it('uses district offices where a kind has them, the city’s otherwise, and mirrors district cases to the city office', () => {
    const routed = routeNewCase({ caseType: 'complaint', kind: 'child_harm', category: 'arts', districtCode: '411521', receivedAt: at });
    expect(routed.leadDepartmentId).toBe('police-411500');
    expect(routed.coHandlingDepartmentIds).toEqual(['culture-411521']);
    expect(routed.queue).toEqual([
      { departmentId: 'police-411500', role: 'lead' },
      { departmentId: 'culture-411521', role: 'co_handling' },
      { departmentId: 'culture-411500', role: 'co_handling' },
    ]);
  });

  it('keeps the lead role when an office also co-handles', () => {
    const routed = routeNewCase({ caseType: 'complaint', kind: 'disguised_tutoring', category: 'academic', districtCode: '411502', receivedAt: at });
    // Education leads and, as the category's supervisor, would co-handle too: it keeps the lead role.
    // Market regulation joins disguised tutoring since issue 13 (舞教组秘〔2022〕3号 五(一)).
    expect(routed.leadDepartmentId).toBe('education-411502');
    expect(routed.coHandlingDepartmentIds).toEqual(['market-411502']);
    expect(routed.queue).toEqual([
      { departmentId: 'education-411502', role: 'lead' },
      { departmentId: 'education-411500', role: 'lead' },
      { departmentId: 'market-411502', role: 'co_handling' },
      { departmentId: 'market-411500', role: 'co_handling' },
    ]);
  });

  it('routes in a county that is its own only district: one office per department, named as the county names it', () => {
    // 襄垣县: sports training is supervised by the 卫生健康和体育局; safety hazards are led by the police (二、5).
    const sports = routeNewCase({ caseType: 'complaint', kind: 'outside_hours', category: 'sports', districtCode: '140423', receivedAt: at }, xiangyuan);
    expect(sports.leadDepartmentId).toBe('sports-140423');
    expect(departmentName(sports.leadDepartmentId, xiangyuan)).toBe('襄垣县卫生健康和体育局');
    expect(sports.queue).toEqual([{ departmentId: 'sports-140423', role: 'lead' }]);
    const hazard = routeNewCase({ caseType: 'complaint', kind: 'safety_hazard', category: 'arts', districtCode: '140423', receivedAt: at }, xiangyuan);
    expect([hazard.leadDepartmentId, ...hazard.coHandlingDepartmentIds]).toEqual(['police-140423', 'fire-140423', 'education-140423']);
    expect(hazard.why.basis.join('\n')).toContain('县公安局和县消防救援大队牵头');
  });
});

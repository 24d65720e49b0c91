/**
 * Malformed and hostile submissions get a clear answer per field and leave
 * no record behind: oversized bodies, other content types (a plain HTML form
 * from another site), scripts in text (kept as text and returned inert),
 * bad phone numbers, bad amounts, impossible lesson counts, identity-card numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { StaffBrowser } from '../support/staff-browser.ts';
import { seedDemoStaff } from '../../scripts/demo/staff.ts';
import { caseItems, createCasesApp, makeComplaint, makeRefundDispute, postJson } from '../builders/cases.ts';

const clock = new Date('2026-11-20T02:00:00.000Z');
let ctx: Awaited<ReturnType<typeof createCasesApp>>;

beforeAll(async () => {
  ctx = await createCasesApp({ now: () => clock });
});

async function fieldsOf(res: Response): Promise<Record<string, string>> {
  expect(res.status).toBe(400);
  const { error } = await res.json();
  expect(error.code).toBe('validation');
  expect(error.message).toBe('提交的内容有误，请按提示修改后重试');
  return error.fields;
}

describe('refusing what cannot be filed', () => {
  it('refuses a body over 64 KB with 413', async () => {
    const res = await postJson(ctx.app, '/api/complaints', makeComplaint({ description: '很长'.repeat(40_000) }));
    expect(res.status).toBe(413);
    expect((await res.json()).error.code).toBe('payload_too_large');
  });

  it('refuses form posts and text/plain with 415 and the Chinese message, before reading the body', async () => {
    for (const contentType of ['application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'text/plain;charset=UTF-8']) {
      const res = await postJson(ctx.app, '/api/complaints', undefined, { contentType, rawBody: 'kind=fees&description=x' });
      expect(res.status, contentType).toBe(415);
      const { error } = await res.json();
      expect(error).toEqual({ code: 'unsupported_media_type', message: '请求的内容格式不受支持，请以 JSON 格式提交' });
    }
    // Even a JSON body sent as text/plain (what a cross-site form or no-cors fetch can send).
    const sneaky = await postJson(ctx.app, '/api/refund-disputes', undefined, { contentType: 'text/plain', rawBody: JSON.stringify(makeRefundDispute()) });
    expect(sneaky.status).toBe(415);
    expect((await postJson(ctx.app, '/api/track', undefined, { contentType: 'text/plain', rawBody: '{}' })).status).toBe(415);
  });

  it('answers broken JSON with 400', async () => {
    const res = await postJson(ctx.app, '/api/complaints', undefined, { rawBody: '{"kind": "fees",' });
    expect(res.status).toBe(400);
  });

  it('names every wrong field of a complaint in Chinese', async () => {
    const fields = await fieldsOf(
      await postJson(ctx.app, '/api/complaints', {
        kind: 'aliens',
        institution: {},
        districtCode: '110101',
        description: '太短',
        contact: { name: '', mobile: '12345678901' },
        consent: false,
      }),
    );
    expect(fields).toMatchObject({
      kind: '请选择发生了什么',
      'institution.unlistedName': expect.stringContaining('机构名称'),
      'institution.unlistedAddress': expect.stringContaining('机构地址'),
      districtCode: '请选择本市的区县',
      description: '请至少用10个字说明发生了什么',
      'contact.name': expect.stringContaining('称呼'),
      'contact.mobile': '请填写11位中国大陆手机号码，例如13812345678',
      consent: expect.stringContaining('隐私说明'),
    });
  });

  it('asks for the institution, in words of ours, when it is missing or not an object', async () => {
    for (const institution of [undefined, null, '小天鹅艺术培训中心', ['inst-001']]) {
      const fields = await fieldsOf(await postJson(ctx.app, '/api/complaints', makeComplaint({ institution: institution as never })));
      expect(fields.institution, JSON.stringify(institution)).toBe('请从名单中选择机构；名单上没有的，请填写机构名称和地址');
      const refund = await fieldsOf(await postJson(ctx.app, '/api/refund-disputes', makeRefundDispute({ institution: institution as never })));
      expect(refund.institution, JSON.stringify(institution)).toBe('请从名单中选择机构；名单上没有的，请填写机构名称和地址');
    }
  });

  it('answers every field of the wrong type in words of ours, never the validator’s own', async () => {
    const wrongTypes = { institution: { institutionId: 7 }, districtCode: ['411502'], contact: '王女士 13812345678', coursePeriod: '2026-09', fullRefundWindow: 7 };
    const complaint = await fieldsOf(await postJson(ctx.app, '/api/complaints', makeComplaint(wrongTypes as never)));
    const refund = await fieldsOf(await postJson(ctx.app, '/api/refund-disputes', makeRefundDispute({ ...wrongTypes, contact: { name: '王女士' } } as never)));
    expect(complaint).toMatchObject({ 'institution.institutionId': '机构编号格式不正确，请从名单中重新选择', districtCode: '请选择本市的区县', contact: expect.stringContaining('联系人称呼和11位手机号码') });
    expect(refund).toMatchObject({
      coursePeriod: '请填写课程的开始和结束日期，格式为 YYYY-MM-DD',
      fullRefundWindow: expect.stringContaining('全额退费的天数'),
      'contact.mobile': '请填写11位中国大陆手机号码，例如13812345678',
    });
    for (const [field, message] of Object.entries({ ...complaint, ...refund })) expect(message, field).not.toMatch(/无效输入|期望|实际接收|这一项/);
  });

  it('refuses bad phone numbers', async () => {
    for (const mobile of ['1381234567', '138123456789', '23812345678', '12812345678', '138-1234-5678x', '+1 415 555 0100']) {
      const fields = await fieldsOf(await postJson(ctx.app, '/api/complaints', makeComplaint({ contact: { name: '王女士', mobile } })));
      expect(fields['contact.mobile'], mobile).toContain('11位中国大陆手机号码');
    }
  });

  it('refuses negative and fractional amounts, and lessons consumed beyond those bought', async () => {
    const fields = await fieldsOf(
      await postJson(ctx.app, '/api/refund-disputes', makeRefundDispute({ amountPaid: 4800.5, pricePerLesson: -100, amountAsked: '3600', lessonsBought: 0 })),
    );
    expect(fields.amountPaid).toContain('不能有小数');
    expect(fields.pricePerLesson).toContain('不能是负数');
    expect(fields.amountAsked).toContain('以分为单位的整数');
    expect(fields.lessonsBought).toContain('至少为1');
    const consumed = await fieldsOf(await postJson(ctx.app, '/api/refund-disputes', makeRefundDispute({ lessonsBought: 10, lessonsConsumed: 11 })));
    expect(consumed).toEqual({ lessonsConsumed: '已上课时不能多于购买的课时，请核对' });
    const asked = await fieldsOf(await postJson(ctx.app, '/api/refund-disputes', makeRefundDispute({ amountPaid: 1000, amountAsked: 1001 })));
    expect(asked).toEqual({ amountAsked: '要求退还的金额不能多于已付的金额，请核对' });
  });

  it('needs a contact for a refund dispute, saying why', async () => {
    const fields = await fieldsOf(await postJson(ctx.app, '/api/refund-disputes', makeRefundDispute({ contact: undefined })));
    expect(fields.contact).toContain('才能联系您');
  });

  it('refuses identity-card numbers in free text (they are never collected)', async () => {
    const fields = await fieldsOf(
      await postJson(ctx.app, '/api/complaints', makeComplaint({ description: '我是孩子家长，身份证号11010519491231002X，机构不给退费。' })),
    );
    expect(fields.description).toContain('身份证号码');
  });

  it('left no record behind for any of these', async () => {
    expect(await caseItems(ctx.db)).toEqual([]);
  });
});

describe('script in text fields', () => {
  it('is stored as typed and returned only as JSON text, never as markup', async () => {
    const hostile = '<script>alert(document.cookie)</script><img src=x onerror=alert(1)> 机构收费不透明，要求一次交一年。';
    const res = await postJson(ctx.app, '/api/complaints', makeComplaint({ description: hostile, place: '"><svg onload=alert(1)>' }));
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    const receipt = await res.json();
    expect(JSON.stringify(receipt)).not.toContain('<script>');

    await seedDemoStaff(ctx.db);
    const staff = new StaffBrowser(ctx.app, { now: () => clock });
    await staff.signIn('shihe.editor');
    const detail = await staff.request(`/api/admin/cases/${receipt.caseNumber}`);
    expect(detail.status).toBe(200);
    expect(detail.headers.get('content-type')).toMatch(/^application\/json/);
    const body = await detail.json();
    expect(body.case.complaint).toMatchObject({ description: hostile, place: '"><svg onload=alert(1)>' });
  });
});

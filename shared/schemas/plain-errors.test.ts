import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { requests } from '../i18n/zh-CN/requests.ts';
import './common.ts';
import { InspectionInput } from './institution.ts';

const v = requests.validator;
const messageOf = (schema: z.ZodType, value: unknown) => schema.safeParse(value).error?.issues[0]?.message;

describe('the validator in plain words, where a schema gives none of its own', () => {
  it('says what a field should hold, never the validator’s "无效输入：期望 …"', () => {
    expect(messageOf(z.object({ a: z.string() }), {})).toBe(v.required);
    expect(messageOf(z.string(), 7)).toBe(v.text);
    expect(messageOf(z.number(), '7')).toBe(v.number);
    expect(messageOf(z.number(), Number.NaN)).toBe(v.number);
    expect(messageOf(z.number().int(), 1.5)).toBe(v.whole);
    expect(messageOf(z.boolean(), 'yes')).toBe(v.yesNo);
    expect(messageOf(z.array(z.string()), 'x')).toBe(v.list);
    expect(messageOf(z.object({}), [])).toBe(v.group);
    expect(messageOf(z.enum(['a', 'b']), 'c')).toBe(v.choice);
    expect(messageOf(z.iso.date(), '2026-13-01')).toBe(v.format);
    expect(messageOf(z.object({ a: z.string() }).strict(), { a: 'x', evil: 1 })).toBe(v.unknownKeys('evil'));
  });

  it('gives the bound, in characters, items or value', () => {
    expect(messageOf(z.string().max(3), '四个字啊')).toBe('不能超过3个字');
    expect(messageOf(z.string().min(4), '三个字')).toBe('至少填写4个字');
    expect(messageOf(z.string().min(1), '')).toBe(v.required);
    expect(messageOf(z.array(z.string()).max(1), ['a', 'b'])).toBe('最多1项');
    expect(messageOf(z.array(z.string()).min(2), ['a'])).toBe('至少2项');
    expect(messageOf(z.number().max(10), 11)).toBe('不能大于10');
    expect(messageOf(z.number().lt(10), 10)).toBe('应小于10');
    expect(messageOf(z.number().min(1), 0)).toBe('不能小于1');
    expect(messageOf(z.number().positive(), 0)).toBe('应大于0');
  });

  it('yields to the message a schema gives', () => {
    expect(messageOf(z.string({ error: '请填写机构名称' }), 7)).toBe('请填写机构名称');
    expect(messageOf(z.string().max(3, { error: '名称太长' }), 'abcd')).toBe('名称太长');
  });

  it('answers a staff form sent with fields of the wrong type in these words', () => {
    const issues = InspectionInput.safeParse({ findings: 7, inspectors: 'x', expectedVersion: [1] }).error!.issues;
    const byField = Object.fromEntries(issues.map((i) => [i.path.join('.'), i.message]));
    expect(byField).toMatchObject({ findings: v.text, inspectors: v.list, expectedVersion: v.number });
    for (const message of Object.values(byField)) expect(message).not.toMatch(/无效输入|期望|实际接收|Invalid/);
  });
});

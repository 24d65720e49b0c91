/**
 * The validator's words when a schema gives none of its own: plain Chinese
 * ("这一项应填写数字") instead of zod's locale ("无效输入：期望 数字，实际接收
 * 数组"). Set once, by ./common.ts, for every importer. A message a schema
 * gives (`{ error: … }`) always wins over these.
 */
import type { z } from 'zod';
import { requests } from '../i18n/zh-CN/requests.ts';

const v = requests.validator;

const EXPECTED: Record<string, string> = {
  string: v.text,
  number: v.number,
  int: v.whole,
  bigint: v.whole,
  boolean: v.yesNo,
  array: v.list,
  tuple: v.list,
  set: v.list,
  object: v.group,
  record: v.group,
  map: v.group,
};

export const plainValidatorError: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return v.required;
      return EXPECTED[issue.expected] ?? v.other;
    case 'invalid_value':
      return v.choice;
    case 'invalid_format':
    case 'invalid_union':
      return v.format;
    case 'unrecognized_keys':
      return v.unknownKeys(issue.keys.join('、'));
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return v.textTooLong(n);
      if (issue.origin === 'array' || issue.origin === 'set') return v.listTooLong(n);
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive ? v.atMost(n) : v.below(n);
      return v.other;
    }
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? v.required : v.textTooShort(n);
      if (issue.origin === 'array' || issue.origin === 'set') return v.listTooShort(n);
      if (issue.origin === 'number' || issue.origin === 'int' || issue.origin === 'bigint') return issue.inclusive ? v.atLeast(n) : v.above(n);
      return v.other;
    }
    default:
      return v.other;
  }
};

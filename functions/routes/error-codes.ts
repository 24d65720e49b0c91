import { t, type ErrorCode } from '#shared/i18n/zh-CN.ts';

export const ErrorCodeValues = Object.keys(t.errors) as [ErrorCode, ...ErrorCode[]];

import { z } from 'zod';
import { IsoDate } from './common.ts';

/** The longest period one view of the audit log may span. */
export const AUDIT_MAX_RANGE_DAYS = 366;
export const AUDIT_PAGE_SIZE = 50;
/** The most entries one CSV export holds (narrow the filter for more). */
export const AUDIT_EXPORT_MAX = 5000;

export const auditFieldMessages = {
  kind: '事件类型格式不正确',
  member: '账号格式不正确',
  department: '请选择有效的部门',
  range: '结束日期不能早于开始日期，且查询区间不超过366天',
  cursor: '翻页参数不正确，请从第一页重新查询',
} as const;

/**
 * 审计日志的筛选条件 (GET /api/admin/audit and its CSV): dates are days in
 * Beijing time, both inclusive; absent, the last seven days.
 */
export const AuditFilter = z
  .object({
    from: IsoDate.optional(),
    to: IsoDate.optional(),
    /** A member's username. */
    member: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z][a-z0-9._-]{2,31}$/, { error: auditFieldMessages.member })
      .optional(),
    /** Any kind, including ones newer than the console's list. */
    kind: z
      .string()
      .regex(/^[a-z][a-z_]{1,39}$/, { error: auditFieldMessages.kind })
      .optional(),
    /** A department id, or `-` for entries tied to no department (unknown usernames, no session). */
    department: z
      .string()
      .regex(/^(-|[a-z0-9-]{2,64})$/, { error: auditFieldMessages.department })
      .optional(),
    cursor: z.string().max(2000, { error: auditFieldMessages.cursor }).optional(),
  })
  .meta({ id: 'AuditFilter' });
export type AuditFilter = z.infer<typeof AuditFilter>;

export const AuditEntryView = z
  .object({
    at: z.string(),
    kind: z.string(),
    kindLabel: z.string(),
    member: z.string().optional(),
    departmentId: z.string().optional(),
    departmentName: z.string().optional(),
    reason: z.string().optional(),
    method: z.string().optional(),
    route: z.string().optional(),
    /** The first characters of the keyed hash of the client address: links events from one address, locates nothing. */
    clientKey: z.string().optional(),
  })
  .meta({ id: 'AuditEntry', description: '审计日志条目' });
export type AuditEntryView = z.infer<typeof AuditEntryView>;

export const AuditPageView = z
  .object({
    from: IsoDate,
    to: IsoDate,
    /** The departments whose entries this member of staff may see; `all` for a city-wide department. */
    scope: z.union([z.literal('all'), z.array(z.string())]),
    entries: z.array(AuditEntryView),
    next: z.string().optional(),
  })
  .meta({ id: 'AuditPage', description: '审计日志的一页' });
export type AuditPageView = z.infer<typeof AuditPageView>;

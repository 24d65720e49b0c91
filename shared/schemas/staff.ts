import { z } from 'zod';
import { DepartmentKinds, StaffRoles } from '../vocabulary.ts';
import { Timestamp } from './common.ts';

/** Messages a member of staff reads when a sign-in field is wrong. */
export const staffFieldMessages = {
  username: '用户名为3至32位小写字母、数字、点、连字符或下划线，以字母开头',
  password: '请填写密码',
  passwordPolicy: '密码至少需要12个字符，建议使用一句容易记住、别人难以猜到的话',
  totpCode: '请输入验证器应用中显示的6位数字',
} as const;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export const StaffRole = z.enum(StaffRoles.keys).meta({ id: 'StaffRole', description: '员工角色' });

/** 用户名: the account's id, lowercase and immutable. */
export const Username = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z][a-z0-9._-]{2,31}$/, { error: staffFieldMessages.username });

/**
 * The password policy for a new or changed password: at least 12 characters
 * (counted as characters, not bytes, so a Chinese passphrase counts fairly).
 * No composition rules: length is what resists guessing.
 */
export const NewPassword = z
  .string()
  .refine((p) => [...p].length >= PASSWORD_MIN_LENGTH, { error: staffFieldMessages.passwordPolicy })
  .refine((p) => p.length <= PASSWORD_MAX_LENGTH, { error: `密码不能超过${PASSWORD_MAX_LENGTH}个字符` });

/** 员工账号: a regulator's member of staff, without credentials (those stay in the data module). */
export const Staff = z
  .object({
    username: Username,
    name: z.string().trim().min(1).max(30),
    departmentId: z.string().regex(/^[a-z0-9-]+$/),
    roles: z.array(StaffRole).min(1),
    disabled: z.boolean().default(false),
    /** Bumped by every change; a change must name the version it was made from (409 otherwise). */
    version: z.number().int().positive().default(1),
    createdAt: Timestamp,
    updatedAt: Timestamp,
  })
  .meta({ id: 'Staff', description: '员工账号' });
export type Staff = z.infer<typeof Staff>;

/** What the API tells the site about the signed-in member of staff. */
export const StaffSummary = z
  .object({
    username: z.string(),
    name: z.string(),
    roles: z.array(StaffRole),
    department: z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(DepartmentKinds.keys),
      regionCode: z.string(),
    }),
  })
  .meta({ id: 'StaffSummary', description: '当前登录员工' });
export type StaffSummary = z.infer<typeof StaffSummary>;

export const LoginInput = z
  .object({
    // Not the Username pattern: a sign-in must fail the same way for any unknown name.
    username: z.string({ error: '请填写用户名' }).trim().toLowerCase().min(1).max(64, { error: '用户名不超过64个字符，请检查后重试' }),
    password: z.string({ error: staffFieldMessages.password }).min(1).max(PASSWORD_MAX_LENGTH, { error: `密码不超过${PASSWORD_MAX_LENGTH}个字符，请检查后重试` }),
  })
  .meta({ id: 'LoginInput', description: '员工登录' });
export type LoginInput = z.infer<typeof LoginInput>;

export const TotpInput = z
  .object({
    code: z
      .string()
      .trim()
      .transform((s) => s.replace(/\s+/g, ''))
      .pipe(z.string().regex(/^\d{6}$/, { error: staffFieldMessages.totpCode })),
  })
  .meta({ id: 'TotpInput', description: '两步验证码' });
export type TotpInput = z.infer<typeof TotpInput>;

export const LoginResult = z
  .object({
    status: z.enum(['signed_in', 'totp_required']),
    staff: StaffSummary,
    /** For the X-CSRF-Token header of the next state-changing request (the TOTP step, or anything once signed in). */
    csrfToken: z.string(),
  })
  .meta({ id: 'LoginResult', description: '登录结果：已登录，或还需输入两步验证码' });
export type LoginResult = z.infer<typeof LoginResult>;

export const SessionInfo = z
  .object({
    staff: StaffSummary,
    csrfToken: z.string(),
    /** When the session ends regardless of activity (8 hours after sign-in). */
    expiresAt: Timestamp,
    /** When the session ends unless used again (30 minutes after the last request). */
    idleExpiresAt: Timestamp,
  })
  .meta({ id: 'SessionInfo', description: '当前登录会话' });
export type SessionInfo = z.infer<typeof SessionInfo>;

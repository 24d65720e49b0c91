/**
 * Account administration, first sign-in, passwords and sessions: what the
 * API takes and answers (functions/routes/admin-accounts.ts, account-setup.ts).
 */
import { z } from 'zod';
import { Timestamp } from './common.ts';
import { PASSWORD_MAX_LENGTH, Staff, StaffRole, Username } from './staff.ts';

const Name = z.string().trim().min(1, { error: '请填写姓名' }).max(30, { error: '姓名不能超过30个字' });
const DepartmentId = z.string().regex(/^[a-z0-9-]+$/, { error: '请选择部门' });
const Roles = z.array(StaffRole, { error: '请至少选择一个角色' }).min(1, { error: '请至少选择一个角色' }).max(6);

export const AccountCreateInput = z
  .object({ username: Username, name: Name, departmentId: DepartmentId, roles: Roles })
  .meta({ id: 'AccountCreateInput', description: '新建员工账号' });
export type AccountCreateInput = z.infer<typeof AccountCreateInput>;

export const AccountChangeInput = z
  .object({
    /** The version the change was made from: 409 with the fresh record if it has moved on. */
    version: z.number().int().positive(),
    name: Name,
    departmentId: DepartmentId,
    roles: Roles,
    disabled: z.boolean(),
  })
  .meta({ id: 'AccountChangeInput', description: '修改员工账号（含停用、启用）' });
export type AccountChangeInput = z.infer<typeof AccountChangeInput>;

export const VersionInput = z.object({ version: z.number().int().positive() }).meta({ id: 'VersionInput' });

/** Where the account stands: waiting for its set-up link to be used, active, or disabled. */
export const AccountStatus = z.enum(['pending', 'active', 'disabled']);

export const Account = Staff.extend({
  status: AccountStatus,
  totpEnrolled: z.boolean(),
  /** While a set-up link is outstanding: when it stops working. */
  setupExpiresAt: Timestamp.optional(),
  recoveryCodesLeft: z.number().int().nonnegative(),
}).meta({ id: 'Account', description: '员工账号（不含任何凭据）' });
export type Account = z.infer<typeof Account>;

/** Shown once to the administrator: the member opens the link (the code is in the fragment, which browsers never send to a server). */
export const SetupLink = z
  .object({ path: z.string(), code: z.string(), expiresAt: Timestamp })
  .meta({ id: 'SetupLink', description: '一次性账号设置链接（只显示一次）' });
export type SetupLink = z.infer<typeof SetupLink>;

export const AccountWithSetup = z.object({ account: Account, setup: SetupLink }).meta({ id: 'AccountWithSetup' });

export const AccountEventView = z.object({ at: Timestamp, kind: z.string(), by: z.string(), summary: z.string() }).meta({ id: 'AccountEventView' });

export const AccountDetail = z.object({ account: Account, history: z.array(AccountEventView) }).meta({ id: 'AccountDetail' });

export const SetupCodeInput = z
  .object({ username: z.string().trim().toLowerCase().min(1).max(64), code: z.string().regex(/^[A-Za-z0-9_-]{43}$/, { error: '设置链接不完整，请复制管理员给您的完整链接' }) })
  .meta({ id: 'SetupCodeInput', description: '账号设置链接中的用户名和一次性代码' });

export const SetupStart = z
  .object({
    username: z.string(),
    name: z.string(),
    passwordRule: z.string(),
    /** When the roles require a second factor: the secret to add to an authenticator app (also as otpauth:// URI for a QR code). */
    totp: z.object({ secret: z.string(), otpauthUri: z.string() }).optional(),
  })
  .meta({ id: 'SetupStart', description: '账号设置：设置密码（及绑定验证器）所需的信息' });
export type SetupStart = z.infer<typeof SetupStart>;

export const SetupFinishInput = SetupCodeInput.extend({
  password: z.string().min(1, { error: '请填写新密码' }).max(PASSWORD_MAX_LENGTH),
  totpCode: z.string().trim().regex(/^\d{6}$/, { error: '请输入验证器应用中显示的6位数字' }).optional(),
}).meta({ id: 'SetupFinishInput', description: '账号设置：新密码和（如需要）验证码' });

export const RecoveryCodes = z
  .object({ recoveryCodes: z.array(z.string()) })
  .meta({ id: 'RecoveryCodes', description: '恢复码：只显示一次，每个只能用一次，可在无法使用验证器时代替动态验证码' });

export const PasswordChangeInput = z
  .object({
    currentPassword: z.string().min(1, { error: '请填写当前密码' }).max(PASSWORD_MAX_LENGTH),
    newPassword: z.string().min(1, { error: '请填写新密码' }).max(PASSWORD_MAX_LENGTH),
    totpCode: z.string().trim().regex(/^\d{6}$/, { error: '请输入验证器应用中显示的6位数字' }).optional(),
  })
  .meta({ id: 'PasswordChangeInput', description: '修改自己的密码' });

export const RecoveryInput = z
  .object({ code: z.string().trim().toUpperCase().transform((s) => s.replace(/[\s-]/g, '')).pipe(z.string().regex(/^[A-Z2-7]{10}$/, { error: '恢复码为10位字母和数字' })) })
  .meta({ id: 'RecoveryInput', description: '用恢复码代替动态验证码登录' });

export const SessionView = z
  .object({
    id: z.string().meta({ description: 'An opaque id of the session (not its token)' }),
    current: z.boolean(),
    device: z.string(),
    network: z.string(),
    signedInAt: Timestamp,
    lastSeenAt: Timestamp,
  })
  .meta({ id: 'SessionView', description: '登录会话' });
export const SessionList = z.object({ sessions: z.array(SessionView) }).meta({ id: 'SessionList' });

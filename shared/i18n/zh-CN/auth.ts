/** Staff sign-in (管理后台登录). */
export const auth = {
  sessionExpired: '登录已超时，请重新登录',
  totpExpired: '验证时间已过，请重新输入用户名和密码',
  tooManyTotpFailures: '动态验证码输错次数过多，请重新输入用户名和密码',
  /** Locked after repeated failures: when (Beijing time) and in how many minutes to try again. */
  lockedOut: (minutes: number, until: string) =>
    `登录失败次数过多，账号已被暂时锁定。请在${minutes}分钟后（北京时间${until}之后）再试；如果忘记了密码，请联系本单位的系统管理员`,
  networkLockedOut: (minutes: number, until: string) =>
    `从您所在网络发起的登录失败次数过多，已被暂时限制。请在${minutes}分钟后（北京时间${until}之后）再试`,
  missingRole: (roles: string) => `这项操作需要“${roles}”权限，您的账号没有。如需开通，请联系本单位的系统管理员`,
  outOfScope: (department: string) =>
    `${department}只能管理由本部门监管、且位于本部门辖区内的机构。这家机构不在您的管理范围内，如有疑问请联系本单位的系统管理员`,
} as const;

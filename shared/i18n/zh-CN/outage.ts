/** The database not answering (503 with Retry-After): "not done" only when certain. */
export const outage = {
  notDone: '服务暂时无法访问数据库，这次操作没有完成。请过几秒钟后重试。',
  unknown: '服务暂时无法访问数据库，我们无法确认这次操作是否已经完成。请过几秒钟后用同样的内容重试：不会重复办理。',
  caseNotFiled: '系统暂时出现故障，您的反映没有提交。您填写的内容都还在，请过几秒钟后再次提交：用同一张表单重试是安全的，不会重复立案。',
  caseUnknown: '系统暂时出现故障，我们无法确认您的反映是否已经提交。请过几秒钟后用同一张表单再次提交：如果已经提交，会显示原来的回执，不会重复立案。',
  trackNotDone: '系统暂时出现故障，暂时查不到进度。请过几秒钟后重试。',
} as const;

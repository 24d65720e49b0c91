/** Keeping the receipt (回执): print, copy, the image (functions/cases/receipt-card.ts). */
export const receiptKeep = {
  heading: '保存回执',
  lead: '查询码只显示这一次。请打印或保存本页、复制编号和查询码，或保存下面的回执图片（长按或右键可保存图片）。',
  print: '打印/保存回执',
  copy: '复制编号和查询码',
  download: '下载回执图片',
  copyText: (caseNumber: string, code: string) => `案件编号：${caseNumber}　查询码：${code}`,
  copied: '已复制案件编号和查询码，可以粘贴到备忘录或发给家人保存。',
  copyFailed: '没能自动复制，请手动抄写或截图保存案件编号和查询码。',
  downloaded: '回执图片已下载，请在手机相册或“下载”文件夹中查看。',
  fileName: (caseNumber: string) => `守护回执-${caseNumber}.svg`,
  cardCaption: '回执图片：案件编号、查询码、办理部门和提交时间。',
  card: {
    title: (type: string, caseNumber: string) => `${type}回执，案件编号 ${caseNumber}`,
    heading: (type: string) => `守护 · ${type}回执`,
    caseNumber: '案件编号',
    accessCode: '查询码（请勿告诉他人）',
    department: '牵头办理部门',
    submittedAt: '提交时间',
    footer: '凭案件编号和查询码在“查进度”页面查看办理进度',
  },
} as const;

/** The page kit's words (shared/ui), the same on every form: GOV.UK's "There is a problem" and "Error:". */
export const kit = { errorSummaryTitle: '出现了问题', errorPrefix: '错误：' } as const;

/** A request the API cannot read as the form it expects, whatever the endpoint. */
export const requests = {
  /** The body is JSON, but not an object of fields (an array, a string, a number, null). */
  notAnObject: '提交的内容应为一个 JSON 对象，各项内容按接口说明填写',
  /**
   * What a field says when its schema gives no message of its own for what
   * went wrong (shared/schemas/plain-errors.ts): plain words in place of the
   * validator's ("无效输入：期望 object，实际接收 数字"). Fields a family fills
   * in have messages of their own; these are the net beneath them.
   */
  validator: {
    required: '请填写这一项',
    text: '这一项应填写文字',
    number: '这一项应填写数字',
    whole: '这一项应填写整数',
    yesNo: '这一项应选择“是”或“否”',
    list: '这一项应为一个列表',
    group: '这一项应为一组内容',
    choice: '请从给出的选项中选择',
    format: '这一项的格式不正确，请检查后重试',
    unknownKeys: (keys: string) => `有本平台不认识的项：${keys}，请删去后重试`,
    textTooLong: (n: number) => `不能超过${n}个字`,
    textTooShort: (n: number) => `至少填写${n}个字`,
    listTooLong: (n: number) => `最多${n}项`,
    listTooShort: (n: number) => `至少${n}项`,
    atMost: (n: number) => `不能大于${n}`,
    below: (n: number) => `应小于${n}`,
    atLeast: (n: number) => `不能小于${n}`,
    above: (n: number) => `应大于${n}`,
    other: '这一项的内容不正确，请检查后重试',
  },
} as const;

/** A request the API cannot read as the form it expects, whatever the endpoint. */
export const requests = {
  /** The body is JSON, but not an object of fields (an array, a string, a number, null). */
  notAnObject: '提交的内容应为一个 JSON 对象，各项内容按接口说明填写',
} as const;

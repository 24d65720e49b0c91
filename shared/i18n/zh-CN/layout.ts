export const layout = {
  skipLink: '跳到主要内容',
  /** The switch to the elder-friendly copy of the page (larger text, higher contrast, simpler navigation), and back. */
  elderMode: '长者模式',
  elderModeHint: '：字更大，对比更强',
  standardMode: '标准模式',
  standardModeHint: '：返回普通页面',
} as const;

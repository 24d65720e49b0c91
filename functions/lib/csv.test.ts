import { describe, expect, it } from 'vitest';
import { csvCell, csvDocument } from './csv.ts';

describe('csv', () => {
  it.each(['=HYPERLINK("x")', '+1', '-2+3', '@SUM(A1)', '\tx'])('neutralises a formula in %j', (value) => {
    expect(csvCell(value).replace(/^"/, '').startsWith("'")).toBe(true);
  });

  it('quotes commas, quotes and line breaks, and leaves plain text alone', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('登录失败')).toBe('登录失败');
  });

  it('starts with a byte-order mark and ends lines with CRLF', () => {
    expect(csvDocument(['时间', '类型'], [['1', '=2']])).toBe("\uFEFF时间,类型\r\n1,'=2\r\n");
  });
});

import { describe, expect, it } from 'vitest';
import { recordTable } from './record-table.ts';

const text = (markup: unknown) => String(markup).replace(/\s+/g, ' ');

describe('recordTable', () => {
  it('heads one column per name, in order, over an empty body for the script, named by the heading', () => {
    const markup = text(recordTable({ columns: ['日期', '类型'], bodyId: 'x-rows', labelledBy: 'x-title' }));
    expect(markup).toContain('<table class="stack-table" role="table" aria-labelledby="x-title">');
    expect(markup).toContain('<th role="columnheader" scope="col">日期</th><th role="columnheader" scope="col">类型</th>');
    expect(markup).toContain('<tbody role="rowgroup" id="x-rows"></tbody>');
    expect(markup).not.toContain('<caption');
  });

  it('names itself by a hidden caption when asked, and can start hidden with an id', () => {
    const markup = text(recordTable({ columns: ['a'], bodyId: 'r', labelledBy: 'cap', caption: '审计日志', id: 'tbl', hidden: true }));
    expect(markup).toContain('<table class="stack-table" role="table" aria-labelledby="cap" id="tbl" hidden>');
    expect(markup).toContain('<caption id="cap" class="visually-hidden">审计日志</caption>');
  });

  it('names itself by its caption alone, and right-aligns a column of numbers', () => {
    const markup = text(recordTable({ columns: [{ label: '行', numeric: true }, '操作'], bodyId: 'r', caption: '会话' }));
    expect(markup).toContain('<table class="stack-table" role="table"> <caption class="visually-hidden">会话</caption>');
    expect(markup).toContain('<th class="num" role="columnheader" scope="col">行</th><th role="columnheader" scope="col">操作</th>');
  });

  it('escapes the column names', () => {
    expect(String(recordTable({ columns: ['<b>'], bodyId: 'r', labelledBy: 'h' }))).toContain('&lt;b&gt;');
  });
});

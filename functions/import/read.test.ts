import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { decodeText, detectFormat, ImportFileError, readSheet } from './read.ts';
import { readCreditCode, readDate, readDistrict, readCategory, readStatus } from './values.ts';
import { makeCreditCode } from '../../test/builders/institution.ts';

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));

describe('CSV', () => {
  it('reads quoted cells with commas, quotes and line breaks, numbering rows as a spreadsheet does', () => {
    const records = parseCsv('a,b,c\r\n"x, y","say ""hi""","two\nlines"\r\n\r\nlast,,\n');
    expect(records).toEqual([
      { row: 1, cells: ['a', 'b', 'c'] },
      { row: 2, cells: ['x, y', 'say "hi"', 'two\nlines'] },
      { row: 3, cells: [''] },
      { row: 4, cells: ['last', '', ''] },
    ]);
  });

  it('reads tab-separated text', () => {
    expect(parseCsv('机构名称\t统一社会信用代码\n甲\t乙')).toEqual([
      { row: 1, cells: ['机构名称', '统一社会信用代码'] },
      { row: 2, cells: ['甲', '乙'] },
    ]);
  });
});

describe('detecting and decoding', () => {
  it('reads UTF-8 with and without BOM as UTF-8, and anything else as GBK (GB18030)', async () => {
    expect(await decodeText(bytes('机构名称'))).toEqual({ text: '机构名称', encoding: 'utf-8' });
    expect(await decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes('机构名称')]))).toEqual({ text: '机构名称', encoding: 'utf-8-bom' });
    expect(await decodeText(new Uint8Array(iconv.encode('信阳市浉河区', 'gbk')))).toEqual({ text: '信阳市浉河区', encoding: 'gb18030' });
  });

  it('tells the format by content, not by name', () => {
    expect(detectFormat(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2]))).toBe('xlsx');
    expect(detectFormat(bytes('机构名称,统一社会信用代码'))).toBe('csv');
    expect(() => detectFormat(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toThrow(/\.xls/);
    expect(() => detectFormat(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d]))).toThrow(/PDF/);
    expect(() => detectFormat(new Uint8Array([0xff, 0xfe, 0x3a, 0x67, 0x00, 0x00]))).toThrow(ImportFileError);
  });

  it('finds the header below a title row, maps aliases and reports unknown and doubled columns', async () => {
    const sheet = await readSheet(bytes('信阳市校外培训机构名单\n* 机构名称 ,信用代码,备注,机构名称\n甲,乙,丙,丁\n,,,\n'));
    expect(sheet.headerRow).toBe(2);
    expect(sheet.columns).toEqual(['name', 'creditCode']);
    expect(sheet.ignoredHeaders).toEqual(['备注']);
    expect(sheet.headerProblems[0]).toMatch(/“机构名称”列出现了两次（第A列和第D列）/);
    expect(sheet.rows).toEqual([{ row: 3, cells: { name: '甲', creditCode: '乙' } }]);
    expect(sheet.missingColumns).toContain('licenceNumber');
  });

  it('refuses a file without a header or without data', async () => {
    await expect(readSheet(bytes('a,b\n1,2\n'))).rejects.toMatchObject({ kind: 'no_header' });
    await expect(readSheet(bytes('机构名称,统一社会信用代码\n'))).rejects.toMatchObject({ kind: 'empty' });
    await expect(readSheet(new Uint8Array())).rejects.toMatchObject({ kind: 'empty' });
  });
});

describe('cell values', () => {
  it('reads dates as spreadsheets write them, and says what is wrong otherwise', () => {
    for (const text of ['2024-03-01', '2024/3/1', '2024.3.1', '2024年3月1日', '20240301', '２０２４-０３-０１']) {
      expect(readDate('发证日期', text)).toEqual({ ok: true, value: '2024-03-01' });
    }
    expect(readDate('发证日期', '2024-02-30')).toEqual({ ok: false, message: expect.stringContaining('不是有效的日期') });
    expect(readDate('发证日期', '明年')).toEqual({ ok: false, message: expect.stringContaining('2024-03-01 这样的格式') });
  });

  it('checks credit codes and gives the reason in Chinese', () => {
    const good = makeCreditCode(42);
    expect(readCreditCode(` ${good.toLowerCase()} `)).toEqual({ ok: true, value: good });
    const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
    expect(readCreditCode(wrongCheck)).toMatchObject({ ok: false, message: expect.stringContaining('校验位') });
    expect(readCreditCode('12345')).toMatchObject({ ok: false, message: expect.stringContaining('应为18位，“12345”是5位') });
    expect(readCreditCode('52411502MJ000000I0')).toMatchObject({ ok: false, message: expect.stringContaining('不允许的字符') });
  });

  it('reads districts by name or code and categories and statuses by the words people use', () => {
    for (const text of ['浉河区', '信阳市浉河区', '浉河', '411502']) expect(readDistrict(text)).toEqual({ ok: true, value: '411502' });
    expect(readDistrict('新县')).toEqual({ ok: true, value: '411523' });
    expect(readDistrict('金水区')).toMatchObject({ ok: false, message: expect.stringContaining('不是信阳市的区县') });
    expect(readCategory('文化艺术类')).toEqual({ ok: true, value: 'arts' });
    expect(readCategory('托管')).toEqual({ ok: true, value: 'after_school_care' });
    expect(readCategory('烹饪类')).toMatchObject({ ok: false, message: expect.stringContaining('学科类、体育类') });
    expect(readStatus('黑名单')).toEqual({ ok: true, value: 'blacklisted' });
    expect(readStatus('停业整改')).toEqual({ ok: true, value: 'rectification' });
  });
});

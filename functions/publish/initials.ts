import { pinyin } from 'pinyin-pro';

/** 拼音首字母 of a name, lower case: 小天鹅舞蹈 → xtewd. Letters and digits are kept as they are. */
export function pinyinInitials(name: string): string {
  return pinyin(name.normalize('NFKC'), { pattern: 'first', toneType: 'none', type: 'array' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

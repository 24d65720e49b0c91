/** What staff lists show of a contact: enough to recognise a caller, not to call them. */

/** 13812345678 → 138****5678. */
export function maskMobile(mobile: string): string {
  if (mobile.length < 8) return '*'.repeat(mobile.length);
  return `${mobile.slice(0, 3)}${'*'.repeat(mobile.length - 7)}${mobile.slice(-4)}`;
}

/** 张三 → 张*, 王女士 → 王**, 欧阳娜娜 → 欧***; a single character is masked whole. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

export function maskContact(contact: { name: string; mobile: string }): { name: string; mobile: string } {
  return { name: maskName(contact.name), mobile: maskMobile(contact.mobile) };
}

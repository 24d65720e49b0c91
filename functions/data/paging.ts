/**
 * Paging cursors: a DynamoDB LastEvaluatedKey handed to the client as an
 * opaque base64url string, and read back. One definition for every data
 * module; a module that must check what a cursor may continue (cases.ts)
 * validates the decoded key further.
 */

export function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key ? Buffer.from(JSON.stringify(key)).toString('base64url') : undefined;
}

/** The key a cursor stands for; undefined for none, or for one that is not ours (the list starts again). */
export function decodeCursor(cursor: string | undefined): Record<string, unknown> | undefined {
  if (!cursor) return undefined;
  try {
    const key: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    return key && typeof key === 'object' && !Array.isArray(key) ? (key as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

import type { Context } from 'hono';
import { writeAudit, type AuditEntry, type AuditEvent } from '../data/audit.ts';
import { readAuditConfig } from '../config.ts';
import type { AppEnv } from '../lib/openapi.ts';
import { clientKey } from './client-ip.ts';

/** Read once at cold start: how long entries are kept (AUDIT_RETENTION_DAYS, at least 180 days). */
const auditConfig = readAuditConfig();

export type AuditDetails = Pick<AuditEntry, 'username' | 'staffId' | 'departmentId' | 'reason' | 'subjectKey'>;

/**
 * Writes an audit entry for this request: the event, when, the method and
 * path, the client's keyed address, and what the caller adds. Awaited, so a
 * refusal is never answered without its record.
 */
export async function audit<E extends AppEnv>(context: Context<E>, event: AuditEvent, details: AuditDetails = {}): Promise<void> {
  // Any route's context will do (routes behind requireStaff have a narrower env).
  const c = context as unknown as Context<AppEnv>;
  const staff = c.var.staff;
  await writeAudit(c.var.db, {
    event,
    at: c.var.now().toISOString(),
    method: c.req.method,
    route: c.req.path.slice(0, 200),
    clientKey: clientKey(c),
    ...(staff ? { username: staff.username, staffId: staff.username, departmentId: staff.department.id } : {}),
    ...details,
  }, auditConfig);
}

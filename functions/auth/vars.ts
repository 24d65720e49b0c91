/**
 * What sign-in adds to `c.var`, declared on the app's own variables
 * (functions/lib/openapi.ts) so every router sees the types:
 * - `staff`: the signed-in member of staff, set by `requireStaff`;
 * - `session`: the request's session, loaded at most once per request
 *   (undefined: not looked at yet; null: none, or ended).
 */
import type { KeyProvider } from '../crypto/envelope.ts';
import type { SessionRecord } from '../data/sessions.ts';
import type { StaffSummary } from '#shared/schemas/staff.ts';

/** The signed-in member of staff, as handlers see them. */
export type SignedInStaff = StaffSummary;

export interface LoadedSession {
  record: SessionRecord;
  tokenHash: string;
}

declare module '../lib/openapi.ts' {
  interface AppVariables {
    staff?: SignedInStaff;
    session?: LoadedSession | null;
    /** The service's key provider, for staff secrets (TOTP) at rest; set by the app. */
    secrets: KeyProvider;
  }
}

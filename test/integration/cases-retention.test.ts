/**
 * Retention: the personal data of cases closed longer ago than the retention
 * period is deleted, the family's sealed narrative with it (the case's
 * routing and history stay), except for cases on legal hold.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { closeCase, getCase, getPersonalData, listAttachments, listCaseEvents, recordAttachments, setLegalHold } from '../../functions/data/cases.ts';
import { purgeExpiredPersonalData } from '../../functions/cases/purge.ts';
import { createPrivateFsStore } from '../../functions/storage/private-store.ts';
import { createCasesApp, makeComplaint, makeRefundDispute, postJson, scanAll } from '../builders/cases.ts';

const attachments = createPrivateFsStore(mkdtempSync(join(tmpdir(), 'shouhu-purge-')));

describe('purging personal data after retention', () => {
  it('deletes the contact of long-closed cases, keeps legal holds, open cases and recently closed ones', async () => {
    let clock = new Date('2025-01-10T02:00:00.000Z');
    const { app, db } = await createCasesApp({ now: () => clock });
    const file = async (body: unknown, path = '/api/complaints') => (await (await postJson(app, path, body)).json()).caseNumber as string;
    const oldClosed = await file(makeComplaint({ contact: { name: '周八', mobile: '13600003333' } }));
    const onHold = await file(makeRefundDispute({ contact: { name: '吴九', mobile: '13600004444' } }), '/api/refund-disputes');
    const stillOpen = await file(makeComplaint({ contact: { name: '郑十', mobile: '13600005555' } }));
    const recentlyClosed = await file(makeComplaint({ contact: { name: '冯一', mobile: '13600006666' } }));
    const anonymous = await file(makeComplaint({ contact: undefined }));

    await closeCase(db, { caseNumber: oldClosed, at: new Date('2025-02-01T00:00:00Z') });
    await closeCase(db, { caseNumber: onHold, at: new Date('2025-02-01T00:00:00Z'), state: 'concluded' });
    await setLegalHold(db, { caseNumber: onHold, hold: true, reason: '涉及诉讼，保留证据', at: new Date('2025-03-01T00:00:00Z') });
    await closeCase(db, { caseNumber: anonymous, at: new Date('2025-02-01T00:00:00Z') });
    await closeCase(db, { caseNumber: recentlyClosed, at: new Date('2026-01-20T00:00:00Z') });

    clock = new Date('2026-02-10T00:00:00Z');
    const result = await purgeExpiredPersonalData(db, { now: clock, retentionDays: 365, attachments });
    // The anonymous case left no contact, but its narrative is the family's too: purged as well.
    expect(result.keptOnLegalHold).toEqual([onHold]);
    expect([...result.purged].sort()).toEqual([oldClosed, anonymous].sort());
    expect(await getPersonalData(db, anonymous)).toBeNull();

    expect(await getPersonalData(db, oldClosed)).toBeNull();
    const purged = await getCase(db, oldClosed);
    expect(purged?.record).toMatchObject({ hasPersonalData: false, personalDataPurgedAt: clock.toISOString(), state: 'closed' });
    expect(purged?.record.contactMasked).toBeUndefined();
    expect(purged?.record.complaint?.kind).toBe('fees');
    expect(purged?.record.complaint?.description).toBeUndefined();
    expect((await listCaseEvents(db, oldClosed)).at(-1)).toMatchObject({ type: 'personal_data_purged', visibility: 'internal', retentionDays: 365 });
    // Nothing of it left anywhere: not the item, not the masked copies on the queue entries.
    const raw = JSON.stringify((await scanAll(db)).filter((i) => i.pk === `CASE#${oldClosed}`));
    expect(raw).not.toContain('周*');
    expect(raw).not.toContain('136****3333');
    expect(raw).not.toContain('学费');

    for (const kept of [onHold, stillOpen, recentlyClosed]) expect(await getPersonalData(db, kept), kept).not.toBeNull();

    // Idempotent; and once the hold is lifted, the held case goes on the next run.
    expect(await purgeExpiredPersonalData(db, { now: clock, retentionDays: 365, attachments })).toEqual({ purged: [], keptOnLegalHold: [onHold] });
    await setLegalHold(db, { caseNumber: onHold, hold: false, reason: '诉讼已结束', at: clock });
    expect(await purgeExpiredPersonalData(db, { now: clock, retentionDays: 365, attachments })).toEqual({ purged: [onHold], keptOnLegalHold: [] });
    // A shorter retention reaches the recently closed one.
    expect((await purgeExpiredPersonalData(db, { now: clock, retentionDays: 7, attachments })).purged).toEqual([recentlyClosed]);
  });

  it('deletes the attached files of purged cases (and their items), keeps those on legal hold, and a retry after a partial run still succeeds', async () => {
    let clock = new Date('2025-01-10T02:00:00.000Z');
    const { app, db } = await createCasesApp({ now: () => clock });
    const store = createPrivateFsStore(mkdtempSync(join(tmpdir(), 'shouhu-purge-files-')));
    const file = async (body: unknown) => (await (await postJson(app, '/api/complaints', body)).json()).caseNumber as string;
    const attach = async (caseNumber: string, n: number) => {
      const files = Array.from({ length: n }, (_, i) => {
        const bytes = Buffer.from(`%PDF-1.4 ${caseNumber} ${i}`);
        const sha256 = createHash('sha256').update(bytes).digest('hex');
        return { id: sha256.slice(0, 24), type: 'application/pdf' as const, size: bytes.length, sha256, storageKey: `cases/${caseNumber}/${sha256.slice(0, 24)}.pdf`, bytes };
      });
      for (const f of files) await store.put(f.storageKey, f.bytes, { contentType: f.type, sha256: f.sha256 });
      await recordAttachments(db, caseNumber, files.map(({ bytes: _b, ...f }) => ({ ...f, createdAt: clock.toISOString() })));
      return files.map((f) => f.storageKey);
    };
    const purged = await file(makeComplaint({ contact: { name: '周八', mobile: '13600003333' } }));
    const held = await file(makeComplaint({ contact: { name: '吴九', mobile: '13600004444' } }));
    const purgedKeys = await attach(purged, 2);
    const heldKeys = await attach(held, 1);
    for (const caseNumber of [purged, held]) await closeCase(db, { caseNumber, at: new Date('2025-02-01T00:00:00Z') });
    await setLegalHold(db, { caseNumber: held, hold: true, reason: '涉及诉讼，保留证据', at: new Date('2025-03-01T00:00:00Z') });

    clock = new Date('2026-02-10T00:00:00Z');
    // A run that stopped after deleting one file: the retry finds it gone and carries on.
    await store.delete(purgedKeys[0]!);
    expect(await purgeExpiredPersonalData(db, { now: clock, retentionDays: 365, attachments: store })).toEqual({ purged: [purged], keptOnLegalHold: [held] });
    for (const key of purgedKeys) expect(await store.get(key), key).toBeNull();
    expect(await listAttachments(db, purged)).toEqual([]);
    expect(await store.get(heldKeys[0]!)).not.toBeNull();
    expect(await listAttachments(db, held)).toHaveLength(1);

    // Run again: nothing to do, no error; once the hold is lifted its file goes too.
    expect(await purgeExpiredPersonalData(db, { now: clock, retentionDays: 365, attachments: store })).toEqual({ purged: [], keptOnLegalHold: [held] });
    await setLegalHold(db, { caseNumber: held, hold: false, reason: '诉讼已结束', at: clock });
    expect((await purgeExpiredPersonalData(db, { now: clock, retentionDays: 365, attachments: store })).purged).toEqual([held]);
    expect(await store.get(heldKeys[0]!)).toBeNull();
  });
});

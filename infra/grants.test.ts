/**
 * The jobs' table grants (infra/constructs/jobs.ts) against what their code
 * really sends: each job runs once on DynamoDB Local (functions/jobs/*-run.ts,
 * what its Lambda runs) through a client that records every operation, and
 * every operation must be allowed by the grant, with the action IAM checks,
 * on the table or the index it names, and, for writes, on a partition the
 * grant's `dynamodb:LeadingKeys` allows. A data function that starts writing
 * elsewhere fails here, not with AccessDenied in AWS.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { closeCase } from '#functions/data/cases.ts';
import type { Db } from '#functions/data/client.ts';
import { changeStatus, createInstitution } from '#functions/data/institutions.ts';
import { saveNotice } from '#functions/data/notices.ts';
import { publishOnce } from '#functions/jobs/publish-run.ts';
import { purgeOnce } from '#functions/jobs/purge-run.ts';
import { createDraft, publish } from '#shared/rules/notices.ts';
import { SHELL_KEY } from '#functions/publish/shell.ts';
import { createFsStore } from '#functions/storage/fs-store.ts';
import { createCasesApp, makeComplaint, postJson } from '../test/builders/cases.ts';
import { makeInstitutionFields, testActor } from '../test/builders/institution.ts';
import { createTestDb } from '../test/support/db.ts';
import type { TableGrant } from './constructs/api-function.ts';
import { IMPORT_WORKER_TABLE_GRANT, NOTIFY_TABLE_GRANT, PUBLISHER_TABLE_GRANT, PURGE_TABLE_GRANT } from './constructs/jobs.ts';
import { importWorkerOnce } from '#functions/jobs/import-worker-run.ts';
import { getImportJob } from '#functions/data/import-jobs.ts';
import { createPrivateFsStore } from '#functions/storage/private-store.ts';
import { importJobsApp, notingRunner, startImportJob, streamRecordOf } from '../test/builders/import-jobs.ts';
import { csvText, gbkBytes, importRow } from '../test/fixtures/import/build.ts';
import { caseServices } from '#functions/cases/services.ts';
import { createOutboxNotifier, readOutbox } from '#functions/notify/outbox.ts';
import { sendDueMessages } from '#functions/notify/sender.ts';
import { sendFollowMessages } from '#functions/follow/sender.ts';
import { authSettings } from '#functions/auth/settings.ts';

interface Operation {
  action: string;
  /** The index a Query names; none: the table. */
  index?: string;
  /** The partition key of the item written, or of the table partition queried. */
  pk?: string;
}

const WRITES = new Set(['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:ConditionCheckItem']);

/** The same table, through a client that writes down each operation as IAM sees it. */
function recording(db: Db): { db: Db; operations: Operation[] } {
  const operations: Operation[] = [];
  const pkOf = (key: unknown) => String((key as { pk?: unknown } | undefined)?.pk);
  const send = (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
    const input = command.input;
    switch (command.constructor.name) {
      case 'GetCommand':
        operations.push({ action: 'dynamodb:GetItem' });
        break;
      case 'BatchGetCommand':
        operations.push({ action: 'dynamodb:BatchGetItem' });
        break;
      case 'QueryCommand': {
        // A query of the table reads one partition: IAM's dynamodb:LeadingKeys is its key.
        const pk = (input.ExpressionAttributeValues as Record<string, unknown> | undefined)?.[':pk'];
        operations.push({ action: 'dynamodb:Query', ...(input.IndexName ? { index: String(input.IndexName) } : { pk: String(pk) }) });
        break;
      }
      case 'ScanCommand':
        operations.push({ action: 'dynamodb:Scan', ...(input.IndexName ? { index: String(input.IndexName) } : {}) });
        break;
      case 'PutCommand':
        operations.push({ action: 'dynamodb:PutItem', pk: pkOf(input.Item) });
        break;
      case 'UpdateCommand':
        operations.push({ action: 'dynamodb:UpdateItem', pk: pkOf(input.Key) });
        break;
      case 'DeleteCommand':
        operations.push({ action: 'dynamodb:DeleteItem', pk: pkOf(input.Key) });
        break;
      case 'TransactWriteCommand':
        for (const item of input.TransactItems as Record<string, { Item?: unknown; Key?: unknown }>[]) {
          const [kind, op] = Object.entries(item)[0]!;
          const action = { Put: 'dynamodb:PutItem', Update: 'dynamodb:UpdateItem', Delete: 'dynamodb:DeleteItem', ConditionCheck: 'dynamodb:ConditionCheckItem' }[kind];
          operations.push({ action: action ?? `unknown:${kind}`, pk: pkOf(op.Item ?? op.Key) });
        }
        break;
      default:
        operations.push({ action: `unrecorded:${command.constructor.name}` });
    }
    return (db.doc.send as (c: unknown) => Promise<unknown>)(command);
  };
  const doc = new Proxy(db.doc, { get: (target, prop, receiver) => (prop === 'send' ? send : Reflect.get(target, prop, receiver)) });
  return { db: { ...db, doc }, operations };
}

const glob = (pattern: string) => new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

/** The operations the grant does not allow, as readable lines. */
function refused(grant: TableGrant, operations: Operation[]): string[] {
  const out: string[] = [];
  for (const op of operations) {
    const line = `${op.action}${op.index ? ` on index ${op.index}` : ''}${op.pk ? ` on ${op.pk}` : ''}`;
    if (op.index) {
      if (op.action !== 'dynamodb:Query' || !(grant.queryIndexes as readonly string[]).includes(op.index)) out.push(line);
    } else if (WRITES.has(op.action)) {
      const ok = grant.writes?.actions.includes(op.action) && grant.writes.partitionKeys.some((p) => glob(p).test(op.pk ?? ''));
      if (!ok) out.push(line);
    } else if (!grant.table.includes(op.action)) {
      const ok = grant.reads?.actions.includes(op.action) && grant.reads.partitionKeys.some((p) => glob(p).test(op.pk ?? ''));
      if (!ok) out.push(line);
    }
  }
  return [...new Set(out)];
}

let storeDir: string | undefined;
afterAll(async () => {
  if (storeDir) await rm(storeDir, { recursive: true, force: true });
});

describe('the jobs\' table grants allow exactly what the jobs do', () => {
  it('the publisher: institutions, a new shell, a notice', async () => {
    const db = await createTestDb();
    storeDir = await mkdtemp(join(tmpdir(), 'shouhu-grants-'));
    // Published files over the built site (its page shells), as the bucket holds both.
    const store = createFsStore(storeDir, [inject('siteDir')]);
    const now = new Date('2026-11-20T02:00:00.000Z');
    await createInstitution(db, { id: 'grant-a', fields: makeInstitutionFields({ name: '信阳市授权测试培训中心' }), status: 'approved', actor: testActor, now });
    const draft = createDraft({
      slug: 'grant-test',
      content: {
        title: '暑期防溺水安全提醒',
        summary: '暑假将至，请家长看护好孩子。',
        topic: 'outdoor_water',
        districtCodes: ['411502'],
        categories: ['sports'],
        bodyMarkdown: '请牢记“六不”。',
        pinned: false,
      },
      actor: testActor,
      now,
    });
    const saved = await saveNotice(db, draft);
    await saveNotice(db, publish(saved, testActor, now, false));

    const rec = recording(db);
    const first = await publishOnce({ db: rec.db, store, publicOrigin: 'https://shouhu.example.cn', now: () => now });
    expect(first.published).toBe(1);
    expect(first.notices.ran).toBe(true);
    // A deploy changes the shell: every page again, through the supervision index.
    const shell = (await store.get(SHELL_KEY))!.body.toString('utf8');
    await store.put(SHELL_KEY, `${shell}\n<!-- new build -->`, { contentType: 'text/html', cacheControl: 'no-cache' });
    const second = await publishOnce({ db: rec.db, store, publicOrigin: 'https://shouhu.example.cn', now: () => now });
    expect(second.republished).toBe(1);

    expect(rec.operations.map((o) => o.action)).toEqual(expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:Query', 'dynamodb:UpdateItem']));
    expect(refused(PUBLISHER_TABLE_GRANT, rec.operations)).toEqual([]);
    // Two full publisher runs on DynamoDB Local: 7 s alone, over 30 s beside the CDK synth's bundling.
  }, 120_000);

  it('the purge: a closed case past its retention', async () => {
    let clock = new Date('2025-01-10T02:00:00.000Z');
    const { app, db } = await createCasesApp({ now: () => clock });
    const filed = (await (await postJson(app, '/api/complaints', makeComplaint({ contact: { name: '周八', mobile: '13600003333' } }))).json()) as {
      caseNumber: string;
    };
    await closeCase(db, { caseNumber: filed.caseNumber, at: new Date('2025-02-01T00:00:00Z') });
    clock = new Date('2026-02-10T00:00:00Z');

    const rec = recording(db);
    const deleted: string[] = [];
    const attachments = { delete: async (key: string) => void deleted.push(key) };
    expect(await purgeOnce(rec.db, { now: clock, retentionDays: 365, attachments })).toEqual({ busy: false, purged: 1, keptOnLegalHold: 0, retentionDays: 365 });
    expect(rec.operations.some((o) => o.action === 'dynamodb:DeleteItem')).toBe(true);
    expect(refused(PURGE_TABLE_GRANT, rec.operations)).toEqual([]);
  });

  it('the import worker: a list checked, created and updated batch by batch, and the sweep', async () => {
    const db = await createTestDb();
    const dir = await mkdtemp(join(tmpdir(), 'shouhu-grants-import-'));
    try {
      const files = createPrivateFsStore(dir);
      const now = () => new Date('2026-11-20T02:00:00.000Z');
      const app = importJobsApp({ db, files, runner: notingRunner(), now });
      const existing = makeInstitutionFields({ name: '信阳市授权导入测试培训中心' });
      await createInstitution(db, { id: 'grant-import', fields: existing, status: 'approved', actor: testActor, now: now() });
      // One row updates the existing centre (a new licence number: a claim given up, one taken), the others are new.
      const rows = [importRow({ ...existing, licence: { ...existing.licence, number: `${existing.licence.number}9` } }), ...Array.from({ length: 30 }, () => importRow(makeInstitutionFields()))];
      const job = await startImportJob(app, gbkBytes(csvText(rows)));

      const rec = recording(db);
      const run = await importWorkerOnce({ db: rec.db, files, now, batchRows: 10 }, { Records: [streamRecordOf(job)] });
      expect(run.jobs[0]).toMatchObject({ status: 'done', cursor: 31 });
      expect(await getImportJob(db, job.id)).toMatchObject({ summary: { create: 30, update: 1, unchanged: 0, rejected: 0 } });
      const sweep = await importWorkerOnce({ db: rec.db, files, now: () => new Date('2026-11-20T03:00:00.000Z') }, {});
      expect(sweep).toMatchObject({ trigger: 'schedule', stale: 0 });
      expect(rec.operations.map((o) => o.action)).toEqual(
        expect.arrayContaining(['dynamodb:GetItem', 'dynamodb:BatchGetItem', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:DeleteItem']),
      );
      expect(refused(IMPORT_WORKER_TABLE_GRANT, rec.operations)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it('lets each job hold its run lease (LOCK#…, functions/data/locks.ts): put, renew and release it', () => {
    for (const [grant, job] of [
      [PUBLISHER_TABLE_GRANT, 'publisher'],
      [PURGE_TABLE_GRANT, 'purge'],
      [IMPORT_WORKER_TABLE_GRANT, 'import-0123456789abcdef'],
    ] as const) {
      const lease = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'].map((action) => ({ action, pk: `LOCK#${job}` }));
      expect(refused(grant, lease)).toEqual([]);
    }
  });

  it('the message sender: a message claimed, its mobile decrypted, sent and settled', async () => {
    const { app, db } = await createCasesApp({ now: () => new Date('2026-11-20T02:00:00.000Z') });
    await postJson(app, '/api/complaints', makeComplaint({ contact: { name: '周八', mobile: '13600003333', notify: true } }));
    const dir = await mkdtemp(join(tmpdir(), 'shouhu-grants-outbox-'));
    try {
      const rec = recording(db);
      const report = await sendDueMessages({ db: rec.db, notifier: createOutboxNotifier(join(dir, 'outbox.jsonl')), keys: caseServices().keys, trackLink: 'https://shouhu.example.cn/track/', now: () => new Date('2026-11-20T02:01:00.000Z') });
      expect(report.sent).toBe(1);
      expect(rec.operations.map((o) => o.action)).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:UpdateItem']));
      expect(refused(NOTIFY_TABLE_GRANT, rec.operations)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('the message sender, for followers: a status change fanned out, a message claimed, the mobile decrypted, sent and settled', async () => {
    const outboxDir = await mkdtemp(join(tmpdir(), 'shouhu-grants-follow-'));
    const notifier = createOutboxNotifier(join(outboxDir, 'outbox.jsonl'));
    const { app, db } = await createCasesApp({ now: () => new Date('2026-11-20T02:00:00.000Z'), cases: { notifier } });
    try {
      const centre = await createInstitution(db, { id: 'grant-follow', fields: makeInstitutionFields({ name: '信阳市授权关注测试培训中心' }), status: 'approved', actor: testActor, now: new Date('2026-11-20T02:00:00.000Z') });
      const form = (fields: Record<string, string>) => ({ method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' }, body: new URLSearchParams(fields).toString() });
      expect((await app.request('http://localhost/follow/', form({ institution: centre.id, mobile: '13600004444' }))).status).toBe(202);
      const code = ((await readOutbox(join(outboxDir, 'outbox.jsonl'))).at(-1)!.params as { code: string }).code;
      expect((await app.request('http://localhost/follow/confirm/', form({ institution: centre.id, mobile: '13600004444', code }))).status).toBe(200);
      await changeStatus(db, { id: centre.id, change: { status: 'rectification', on: '2026-11-20', reason: '消防检查不合格' }, expectedVersion: centre.version, actor: testActor, now: new Date('2026-11-20T02:00:30.000Z') });

      const rec = recording(db);
      const report = await sendFollowMessages({ db: rec.db, notifier, keys: caseServices().keys, secret: () => authSettings.secret, publicOrigin: 'https://shouhu.example.cn', now: () => new Date('2026-11-20T02:01:00.000Z') });
      expect(report).toMatchObject({ changes: 1, written: 1, sent: 1 });
      expect(rec.operations.map((o) => o.action)).toEqual(expect.arrayContaining(['dynamodb:Query', 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem']));
      expect(refused(NOTIFY_TABLE_GRANT, rec.operations)).toEqual([]);
    } finally {
      await rm(outboxDir, { recursive: true, force: true });
    }
  });

  it('and would catch a write outside the granted partitions', () => {
    expect(refused(PURGE_TABLE_GRANT, [{ action: 'dynamodb:PutItem', pk: 'RISK#inst-1' }])).toEqual(['dynamodb:PutItem on RISK#inst-1']);
    expect(refused(PUBLISHER_TABLE_GRANT, [{ action: 'dynamodb:Query', index: 'gsi3' }, { action: 'dynamodb:Scan' }])).toEqual([
      'dynamodb:Query on index gsi3',
      'dynamodb:Scan',
    ]);
    // The publisher reads the weekly counters, never a case's partition.
    expect(refused(PUBLISHER_TABLE_GRANT, [{ action: 'dynamodb:Query', pk: 'STATS#2026-W47' }, { action: 'dynamodb:Query', pk: 'CASE#2611-0001' }])).toEqual([
      'dynamodb:Query on CASE#2611-0001',
    ]);
  });
});

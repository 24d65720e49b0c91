/**
 * `npm start`: the whole service on one machine. DynamoDB Local (data kept
 * under .data/), the table, demo data when the database is empty, the built
 * site, and the API, all at http://localhost:4321. Ctrl-C stops everything.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { createDb, ensureTable } from '../functions/data/client.ts';
import { startLocalServer } from '../functions/server.ts';
import { createAbuseControls } from '../functions/abuse/index.ts';
import { createFsStore } from '../functions/storage/fs-store.ts';
import { publishChanges, type SummaryCache } from '../functions/publish/publisher.ts';
import { republishPages } from '../functions/publish/republish.ts';
import { onlyChanged } from '../functions/storage/changed-only.ts';
import { withElderPages } from '../functions/storage/elder-pages.ts';
import { publishNotices } from '../functions/publish/notices.ts';
import { publishTimeliness } from '../functions/publish/timeliness.ts';
import { portIsFree, StartError } from './lib/dynamo-local.ts';
import { superviseDynamoLocal, type SupervisedDynamo } from './lib/dynamo-supervisor.ts';
import { loadDemoDataIfEmpty } from './demo/load.ts';
import { backfillQueueEntries } from './backfill-queue-entries.ts';
import { departmentsOf, jurisdiction } from '../shared/jurisdiction/index.ts';
import { readNotifyConfig } from '../functions/config.ts';
import { caseServices } from '../functions/cases/services.ts';
import { notifierFromConfig } from '../functions/notify/from-config.ts';
import { sendDueMessages } from '../functions/notify/sender.ts';
import { sendFollowMessages } from '../functions/follow/sender.ts';
import { authSettings } from '../functions/auth/settings.ts';

const SITE_PORT = Number(process.env.PORT ?? 4321);
const DYNAMODB_PORT = Number(process.env.DYNAMODB_PORT ?? 8000);
const TABLE_NAME = 'shouhu';
const root = resolve(import.meta.dirname, '..');
/** Set at Ctrl-C: the background loops start no new run, and a run cut short by the database stopping says nothing. */
let stopping = false;

function fail(message: string): never {
  console.error(`✗ ${message}`);
  process.exit(1);
}

async function main() {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) fail(`Node ${process.versions.node} is too old: run through npm (npm start), which uses the Node 22 that npm install put in node_modules`);
  if (!(await portIsFree(SITE_PORT))) fail(`Port ${SITE_PORT} is already in use; stop whatever uses it, or run PORT=another-port npm start`);

  let dynamo: SupervisedDynamo | undefined;
  const stopAll = async (code: number) => {
    await dynamo?.stop();
    process.exit(code);
  };

  try {
    // Supervised: restarted with backoff when it dies (one line per restart), data kept; npm start stops if it keeps dying.
    dynamo = await superviseDynamoLocal({
      port: DYNAMODB_PORT,
      dbPath: resolve(root, '.data/dynamodb'),
      onGiveUp: (reason) => {
        console.error(`✗ ${reason}. Stopping: see the Java error above, then run npm start again.`);
        void stopAll(1);
      },
    });
  } catch (error) {
    if (error instanceof StartError) fail(error.message);
    throw error;
  }
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  let server: Awaited<ReturnType<typeof startLocalServer>> | undefined;
  async function shutdown(signal: string) {
    stopping = true;
    console.log(`\n${signal}: stopping the site, the API and DynamoDB Local…`);
    server?.close();
    await stopAll(0);
  }

  try {
    console.log(`• DynamoDB Local on ${dynamo.endpoint}, data in .data/dynamodb`);
    const db = createDb({ tableName: TABLE_NAME, region: 'local', endpoint: dynamo.endpoint });
    const table = await ensureTable(db);
    console.log(`• Table "${TABLE_NAME}" ${table === 'created' ? 'created' : table === 'exists' ? 'found' : 'found, new indexes added'}`);
    if (table === 'indexes added') {
      // The cases already there get the new indexes' keys on their queue entries (as in AWS after a deploy adding indexes).
      const done = await backfillQueueEntries(db, departmentsOf(jurisdiction).map((d) => d.id), { list: 0, rewritten: 0, done: false }, () => undefined);
      console.log(`• Queue entries rewritten for the new indexes: ${done.rewritten} cases`);
    }
    const demo = await loadDemoDataIfEmpty(db);
    console.log(demo.loaded ? `• Demo data loaded: ${demo.summary}` : '• Existing data kept (demo data loads only into an empty database)');

    console.log('• Building the site (astro build)…');
    const build = spawnSync('astro', ['build', '--root', 'site', '--silent'], { cwd: root, stdio: 'inherit' });
    if (build.status !== 0) throw new StartError('The site did not build; see the messages above');

    const siteDir = resolve(root, 'site/dist');
    const publishedDir = resolve(root, '.data/public');
    const files = createFsStore(publishedDir, [siteDir]);
    // Every published page also under /elder/ (长者模式), as the publisher's job writes them in AWS.
    const store = withElderPages(files);
    // The publisher writes a file only when its content changed (functions/storage/changed-only.ts).
    const publishTo = withElderPages(onlyChanged(files));
    const cache: SummaryCache = {};
    const publicOrigin = `http://localhost:${SITE_PORT}`;
    // Pages already public go into a changed shell first (resumable: a restart goes on where it stopped); then what changed since is published.
    const again = await republishPages({ db, store: publishTo, publicOrigin });
    if (again.pages > 0) console.log(`• The site's page shell changed: ${again.pages} institution pages rendered again`);
    const first = await publishChanges({ db, store: publishTo, publicOrigin, cache });
    if (first.published > 0) console.log(`• Published ${first.published} institution pages, the search files and open data`);
    const notices = await publishNotices({ db, store, publicOrigin });
    if (notices.ran) console.log(`• Published safety notices (${notices.visible} visible), the home page and the fee guidance`);
    startPublisherLoop(async () => {
      const result = await publishChanges({ db, store: publishTo, publicOrigin, cache });
      // Safety notices and fee guidance: only when something is due (a change, a publish or expiry time).
      await publishNotices({ db, store, publicOrigin });
      // Each department's timeliness: at most once an hour.
      await publishTimeliness({ db, store });
      return result;
    });

    // Rate limits, the honeypot and proof of work on the public forms, as in AWS.
    const cases = { abuse: createAbuseControls({ db }) };
    // Messages to families: the local outbox file, sent every few seconds as the scheduled job does in AWS; read them at /dev/outbox/.
    const notify = readNotifyConfig({ ...process.env, NOTIFY_TRACK_LINK: process.env.NOTIFY_TRACK_LINK ?? `${publicOrigin}/track/` });
    const notifier = notifierFromConfig(notify);
    const outboxFile = notify.kind === 'outbox' ? resolve(root, notify.file) : undefined;
    startSenderLoop(async () => {
      const families = await sendDueMessages({ db, notifier, keys: caseServices().keys, trackLink: notify.trackLink });
      // Followers of a centre whose status changed (functions/follow/sender.ts).
      const followers = await sendFollowMessages({ db, notifier, keys: caseServices().keys, secret: () => authSettings.secret, publicOrigin });
      return { sent: families.sent + followers.sent, failed: families.failed + followers.failed };
    });
    server = await startLocalServer({ db, store, siteDir, publishedDir, port: SITE_PORT, cases, ...(outboxFile ? { outboxFile } : {}) });
    console.log(`\n✓ 守护 is running at http://localhost:${SITE_PORT}  (API: http://localhost:${SITE_PORT}/api/health)`);
    if (outboxFile) console.log(`  Text messages a demo sends: http://localhost:${SITE_PORT}/dev/outbox/ (file: ${notify.kind === 'outbox' ? notify.file : ''})`);
    console.log('  Press Ctrl-C to stop.');
  } catch (error) {
    console.error(`✗ ${error instanceof StartError ? error.message : (error as Error).stack}`);
    server?.close();
    await stopAll(1);
  }
}

/**
 * What a DynamoDB stream does in AWS: publish changed institutions every few
 * seconds, one run at a time, so a regulator's change is public within seconds.
 */
function startPublisherLoop(run: () => Promise<{ published: number }>) {
  let running = false;
  const timer = setInterval(async () => {
    if (running || stopping) return;
    running = true;
    try {
      const result = await run();
      if (result.published > 0) console.log(`• Published ${result.published} changed institution(s)`);
    } catch (error) {
      if (!stopping) console.error(`✗ Publishing failed (will retry): ${(error as Error).message}`);
    } finally {
      running = false;
    }
  }, 3000);
  timer.unref();
}

/** What the scheduled job does in AWS (functions/jobs/notify.ts): send the due messages, one run at a time. */
function startSenderLoop(run: () => Promise<{ sent: number; failed: number }>) {
  let running = false;
  const timer = setInterval(async () => {
    if (running || stopping) return;
    running = true;
    try {
      const result = await run();
      if (result.sent > 0) console.log(`• Sent ${result.sent} text message(s) to the local outbox`);
    } catch (error) {
      if (!stopping) console.error(`✗ Sending messages failed (will retry): ${(error as Error).message}`);
    } finally {
      running = false;
    }
  }, 3000);
  timer.unref();
}

void main();

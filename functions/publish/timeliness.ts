/**
 * Publishes /timeliness/ (各部门办理情况): each department's figures from
 * functions/cases/timeliness.ts, into the site's timeliness shell. At most
 * once an hour (or at once when the shell changed, after a deploy), and the
 * page is written only when what it says changed. No personal data: it is
 * made from the weekly counters alone.
 */
import { createHash } from 'node:crypto';
import * as t from '#shared/i18n/zh-CN/index.ts';
import type { Db } from '../data/client.ts';
import { firstUse } from '../lib/first-use.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';
import { fillShell } from './shell.ts';

/**
 * The figures and the page (the departments from the jurisdiction, the stats),
 * loaded when the page is due, at most hourly: the other runs' cold starts
 * read neither (docs/benchmarks.md, "Lambda bundles").
 */
const timelinessPage = firstUse(() => import('./timeliness-page.ts'));

export const TIMELINESS_SHELL_KEY = 'timeliness/shell/index.html';
export const TIMELINESS_PAGE_KEY = 'timeliness/index.html';
const STATE_KEY = 'timeliness/state.json';
/** How often the figures are computed again: they move by the week, an hour is plenty. */
export const TIMELINESS_EVERY_MS = 60 * 60 * 1000;

const s = t.timeliness;
const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface State {
  shellHash: string;
  pageHash: string;
  at: string;
}

async function readState(store: PublicStore): Promise<State | undefined> {
  const file = await store.get(STATE_KEY);
  if (!file) return undefined;
  try {
    return JSON.parse(file.body.toString('utf8')) as State;
  } catch {
    return undefined;
  }
}

/** Computes and writes the page when it is due; `ran` says whether the figures were computed, `written` whether the page changed. */
export async function publishTimeliness(options: { db: Db; store: PublicStore; now?: () => Date }): Promise<{ ran: boolean; written: boolean }> {
  const { db, store } = options;
  const now = (options.now ?? (() => new Date()))();
  const shellFile = await store.get(TIMELINESS_SHELL_KEY);
  if (!shellFile) throw new Error(`The page shell ${TIMELINESS_SHELL_KEY} is missing: build the site first`);
  const shell = shellFile.body.toString('utf8');
  const shellHash = sha256(shell);
  const state = await readState(store);
  if (state && state.shellHash === shellHash && now.getTime() - Date.parse(state.at) < TIMELINESS_EVERY_MS) return { ran: false, written: false };

  const { departmentTimeliness, renderTimeliness } = await timelinessPage();
  const page = fillShell(shell, { title: s.title, description: s.description, content: String(await renderTimeliness(await departmentTimeliness(db, now))) });
  const pageHash = sha256(page);
  const written = state?.pageHash !== pageHash;
  if (written) await store.put(TIMELINESS_PAGE_KEY, page, { contentType: 'text/html; charset=utf-8', cacheControl: CACHE.published });
  await store.put(STATE_KEY, JSON.stringify({ shellHash, pageHash, at: now.toISOString() } satisfies State), { contentType: 'application/json', cacheControl: 'no-cache' });
  return { ran: true, written };
}

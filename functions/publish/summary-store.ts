/**
 * The published summaries, kept so that a writing costs what changed, not
 * the registry: a **base** (every summary, written rarely) and a **delta**
 * (every summary changed since the base, rewritten at each writing of the
 * lists), named by a small **manifest** that is written last.
 *
 * - Cost: a writing of the lists rewrites the delta (what changed since the
 *   base: at 1,000 changes a minute a few MB) and the manifest (a few
 *   hundred bytes); the base (52 MB at 100,000) only when the delta has grown
 *   past `compactAt` (a fifth of the registry by default: at 1,000 changes a
 *   minute about every 20 minutes), or when there is no base yet.
 * - Never torn: base and delta each have two slots (`-a`, `-b`); a writing
 *   goes into the slot the manifest does not name, and only then is the
 *   manifest replaced (one object, replaced whole). A crash before the
 *   manifest leaves the last manifest and its objects as they were. Each
 *   object carries the generation the manifest names it by; a reader that
 *   finds another one (the writer has since written that slot again) reads
 *   the manifest again, and never mixes two writings.
 * - Two slots bound what is kept: four objects and the manifest, nothing to
 *   delete.
 * - Before this module the summaries were one snapshot (SNAPSHOT_KEY, read
 *   by nothing else now the API reads the search file): a store that has
 *   only that is read from it once, and the first writing makes a base.
 *
 * The publisher is the only writer (under its lease); it keeps what it read
 * in a SummaryCache, so a warm process reads these files only when the
 * manifest's etag moved.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { InstitutionSummary } from '#shared/schemas/institution.ts';
import { Snapshot, SNAPSHOT_KEY } from '../search/snapshot-file.ts';
import { CACHE, type PublicStore } from '../storage/types.ts';

export const SUMMARIES_MANIFEST_KEY = 'data/summaries/manifest.json';
const slotKey = (part: 'base' | 'delta', slot: 'a' | 'b') => `data/summaries/${part}-${slot}.json`;

const Part = z.object({ key: z.string(), generation: z.string(), count: z.number().int() });
export const SummariesManifest = z.object({
  generatedAt: z.string(),
  /** Summaries after merging the delta into the base. */
  count: z.number().int(),
  base: Part,
  delta: Part.nullable(),
});
export type SummariesManifest = z.infer<typeof SummariesManifest>;

const PartFile = z.object({ generation: z.string(), institutions: z.array(InstitutionSummary) });

/** What a writer keeps between writings (in SummaryCache). */
export interface SummaryState {
  /** The manifest's etag when `summaries` was read or last written; null: no manifest. */
  etag?: string | null;
  manifest?: SummariesManifest | null;
  summaries?: Map<string, InstitutionSummary>;
  /** Ids whose summary is in the delta (changed since the base). */
  deltaIds?: Set<string>;
}

export class TornSummaries extends Error {
  override name = 'TornSummaries';
}

async function readPart(store: PublicStore, part: z.infer<typeof Part>): Promise<InstitutionSummary[]> {
  const file = await store.get(part.key);
  const parsed = file ? PartFile.parse(JSON.parse(file.body.toString('utf8'))) : null;
  // Written again since the manifest was read: the caller reads the manifest again.
  if (!parsed || parsed.generation !== part.generation) throw new TornSummaries(`${part.key} is not generation ${part.generation}`);
  return parsed.institutions;
}

async function readOnce(store: PublicStore): Promise<Required<SummaryState>> {
  const manifestFile = await store.get(SUMMARIES_MANIFEST_KEY);
  if (!manifestFile) {
    const legacy = await store.get(SNAPSHOT_KEY);
    const institutions = legacy ? Snapshot.parse(JSON.parse(legacy.body.toString('utf8'))).institutions : [];
    return { etag: null, manifest: null, summaries: new Map(institutions.map((i) => [i.id, i])), deltaIds: new Set() };
  }
  const manifest = SummariesManifest.parse(JSON.parse(manifestFile.body.toString('utf8')));
  const summaries = new Map((await readPart(store, manifest.base)).map((i) => [i.id, i]));
  const deltaIds = new Set<string>();
  for (const summary of manifest.delta ? await readPart(store, manifest.delta) : []) {
    summaries.set(summary.id, summary);
    deltaIds.add(summary.id);
  }
  return { etag: manifestFile.etag, manifest, summaries, deltaIds };
}

/**
 * Every published summary by id: the cache's when the manifest has not moved
 * since, else read (base, then delta over it), reading the manifest again if
 * a writer replaced a part meanwhile (a few times, then TornSummaries).
 */
export async function loadSummaries(store: PublicStore, state: SummaryState): Promise<Map<string, InstitutionSummary>> {
  const etag = await store.etag(SUMMARIES_MANIFEST_KEY);
  if (state.summaries && state.etag === etag && (etag !== null || state.manifest === null)) return state.summaries;
  for (let attempt = 1; ; attempt += 1) {
    try {
      Object.assign(state, await readOnce(store));
      return state.summaries!;
    } catch (error) {
      if (!(error instanceof TornSummaries) || attempt >= 5) throw error;
    }
  }
}

const otherSlot = (key: string | undefined, part: 'base' | 'delta') => (key === slotKey(part, 'a') ? slotKey(part, 'b') : slotKey(part, 'a'));
const byId = (a: InstitutionSummary, b: InstitutionSummary) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

async function writePart(store: PublicStore, key: string, institutions: InstitutionSummary[]) {
  const generation = randomUUID();
  await store.put(key, JSON.stringify({ generation, institutions }), { contentType: 'application/json', cacheControl: CACHE.published });
  return { key, generation, count: institutions.length };
}

export interface WriteSummariesResult {
  /** Whether the base was written (first writing, or the delta had grown past `compactAt`). */
  compacted: boolean;
  /** Summaries in the delta after this writing. */
  deltaCount: number;
}

/**
 * Records `changedIds` (already set in `summaries`, which holds every
 * summary) as published: the delta again with them in it, or a new base when
 * the delta would pass `compactAt` summaries (default a fifth of them, at
 * least 1,000) or there is no base; then the manifest.
 */
export async function writeSummaries(
  store: PublicStore,
  state: SummaryState,
  summaries: Map<string, InstitutionSummary>,
  changedIds: Iterable<string>,
  now: Date,
  options: { compactAt?: number } = {},
): Promise<WriteSummariesResult> {
  const deltaIds = new Set(state.deltaIds ?? []);
  for (const id of changedIds) deltaIds.add(id);
  const compactAt = options.compactAt ?? Math.max(1000, Math.floor(summaries.size / 5));
  const previous = state.manifest ?? null;
  let base = previous?.base;
  let delta: SummariesManifest['delta'] = null;
  const compacted = !base || deltaIds.size > compactAt;
  if (compacted) {
    base = await writePart(store, otherSlot(base?.key, 'base'), [...summaries.values()].sort(byId));
    deltaIds.clear();
  } else {
    const changed = [...deltaIds].map((id) => summaries.get(id)).filter((s): s is InstitutionSummary => s !== undefined);
    delta = await writePart(store, otherSlot(previous?.delta?.key, 'delta'), changed.sort(byId));
  }
  const manifest: SummariesManifest = { generatedAt: now.toISOString(), count: summaries.size, base: base!, delta };
  await store.put(SUMMARIES_MANIFEST_KEY, JSON.stringify(manifest), { contentType: 'application/json', cacheControl: 'no-cache' });
  Object.assign(state, { manifest, summaries, deltaIds, etag: await store.etag(SUMMARIES_MANIFEST_KEY) });
  return { compacted, deltaCount: deltaIds.size };
}

/** Whether anything was ever published (a manifest, or the snapshot before it). */
export async function anythingPublished(store: PublicStore): Promise<boolean> {
  return (await store.etag(SUMMARIES_MANIFEST_KEY)) !== null || (await store.etag(SNAPSHOT_KEY)) !== null;
}

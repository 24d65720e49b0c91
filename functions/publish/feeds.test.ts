/**
 * The registry's Atom feeds: valid Atom (parsed as XML and checked for what
 * RFC 4287 requires of a feed and its entries), only public facts, and
 * written only when their bytes change.
 */
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { Institution } from '#shared/schemas/institution.ts';
import { makeInstitutionFields } from '../../test/builders/institution.ts';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFsStore } from '../storage/fs-store.ts';
import type { PublicStore } from '../storage/types.ts';
import { centreFeedPath, DISTRICT_FEED_MAX, districtFeedPath, feedEntriesOf, mergeDistrictEntries, publishFeeds, renderCentreFeed, renderDistrictFeed } from './feeds.ts';

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const origin = 'https://shouhu.example.cn';

interface Node {
  name: string;
  ns: string;
  attributes: Record<string, string>;
  children: Node[];
  text: string;
}

/** Parses XML strictly (saxes throws on anything not well formed) into a small tree. */
function parseXml(xml: string): Node {
  const parser = new SaxesParser({ xmlns: true });
  const stack: Node[] = [];
  let root: Node | undefined;
  parser.on('opentag', (tag) => {
    const node: Node = { name: tag.local, ns: tag.uri, attributes: Object.fromEntries(Object.values(tag.attributes).map((a) => [a.local, a.value])), children: [], text: '' };
    stack.at(-1)?.children.push(node);
    stack.push(node);
    root ??= node;
  });
  parser.on('text', (text) => {
    const top = stack.at(-1);
    if (top) top.text += text;
  });
  parser.on('closetag', () => void stack.pop());
  parser.write(xml).close();
  return root!;
}

const child = (node: Node, name: string) => node.children.filter((c) => c.name === name && c.ns === ATOM_NS);
const isDate = (value: string) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value));

/** What RFC 4287 requires: one id, title, updated (RFC 3339), an author, a self link; each entry an id, title, updated and a link; ids unique. */
function expectValidAtom(xml: string): Node {
  const feed = parseXml(xml);
  expect(feed.name).toBe('feed');
  expect(feed.ns).toBe(ATOM_NS);
  for (const name of ['id', 'title', 'updated']) expect(child(feed, name), name).toHaveLength(1);
  expect(isDate(child(feed, 'updated')[0]!.text)).toBe(true);
  expect(child(feed, 'author').length).toBeGreaterThan(0);
  expect(child(feed, 'link').some((l) => l.attributes.rel === 'self' && l.attributes.type === 'application/atom+xml')).toBe(true);
  const ids = new Set<string>();
  for (const entry of child(feed, 'entry')) {
    for (const name of ['id', 'title', 'updated']) expect(child(entry, name), `entry ${name}`).toHaveLength(1);
    expect(isDate(child(entry, 'updated')[0]!.text)).toBe(true);
    expect(child(entry, 'link').some((l) => l.attributes.rel === 'alternate' && l.attributes.href!.startsWith(origin))).toBe(true);
    ids.add(child(entry, 'id')[0]!.text);
  }
  expect(ids.size).toBe(child(feed, 'entry').length);
  return feed;
}

function makeInstitution(id: string, overrides: Partial<Institution> = {}): Institution {
  return Institution.parse({
    ...makeInstitutionFields({ name: `信阳市小天鹅舞蹈培训中心 & <${id}>` }),
    id,
    status: 'approved',
    statusHistory: [{ status: 'approved', on: '2024-03-01', reason: '列入名单' }],
    createdAt: '2024-03-01T02:00:00.000Z',
    updatedAt: '2024-03-01T02:00:00.000Z',
    version: 1,
    ...overrides,
  });
}

const revoked = (id: string) =>
  makeInstitution(id, {
    status: 'revoked',
    statusHistory: [
      { status: 'approved', on: '2024-03-01', reason: '列入名单' },
      { status: 'revoked', on: '2026-11-19', reason: '无证超范围培训', decisionNumber: '信文旅罚〔2026〕12号' },
    ],
    sanctions: [
      { id: 'aa11bb22cc33dd44', on: '2026-11-18', kind: 'fine', decisionNumber: '信文旅罚〔2026〕11号', summary: '超范围培训，罚款', published: true, publishedOn: '2026-11-19' },
      { id: 'ee55ff66aa77bb88', on: '2026-11-18', kind: 'warning', decisionNumber: '信文旅罚〔2026〕13号', summary: '尚未公示的处罚', published: false },
    ],
  });

describe('a centre feed', () => {
  it('is valid Atom with its status changes and published sanctions, newest first, escaped', () => {
    const xml = renderCentreFeed(revoked('feed-a'), origin);
    const feed = expectValidAtom(xml);
    const entries = child(feed, 'entry');
    expect(entries.map((e) => child(e, 'title')[0]!.text)).toEqual([
      '信阳市小天鹅舞蹈培训中心 & <feed-a>：已吊销许可证',
      '信阳市小天鹅舞蹈培训中心 & <feed-a>：行政处罚（罚款）',
      '信阳市小天鹅舞蹈培训中心 & <feed-a>：已审批（白名单）',
    ]);
    expect(child(entries[0]!, 'summary')[0]!.text).toContain('信文旅罚〔2026〕12号');
    expect(child(feed, 'updated')[0]!.text).toBe('2026-11-19T00:00:00+08:00');
    // The unpublished sanction never reaches a feed.
    expect(xml).not.toContain('尚未公示的处罚');
    // The notices that apply are linked, not copied.
    expect(child(feed, 'link').find((l) => l.attributes.rel === 'related')?.attributes.href).toBe(`${origin}/notices/districts/411502/categories/arts/`);
  });

  it('gives the same bytes for the same record, and keeps an entry\'s id when later entries arrive', () => {
    const before = makeInstitution('feed-b');
    expect(renderCentreFeed(before, origin)).toBe(renderCentreFeed(before, origin));
    const firstId = feedEntriesOf(before)[0]!.anchor;
    expect(feedEntriesOf(revoked('feed-b')).map((e) => e.anchor)).toContain(firstId);
  });

  it('is valid with the status-history entry only', () => {
    expectValidAtom(renderCentreFeed(makeInstitution('feed-c'), origin));
  });
});

describe('a district feed', () => {
  it('is valid Atom, empty or not', () => {
    expectValidAtom(renderDistrictFeed('411502', [], origin));
    expectValidAtom(renderDistrictFeed('411502', feedEntriesOf(revoked('feed-d')), origin));
  });

  it('replaces a changed centre\'s entries, drops a centre that moved away, and keeps the newest 50', () => {
    const many = Array.from({ length: 30 }, (_, i) => makeInstitution(`many-${i}`, { statusHistory: [{ status: 'approved', on: `2025-01-${String(i + 1).padStart(2, '0')}`, reason: '列入名单' }] }));
    let entries = mergeDistrictEntries('411502', [], many);
    expect(entries).toHaveLength(30);
    entries = mergeDistrictEntries('411502', entries, [revoked('many-0'), revoked('feed-e')]);
    expect(entries.filter((e) => e.institutionId === 'many-0')).toHaveLength(3);
    expect(entries).toHaveLength(Math.min(DISTRICT_FEED_MAX, 29 + 6));
    const moved = makeInstitution('many-1', { districtCode: '411503' });
    expect(mergeDistrictEntries('411502', entries, [moved]).some((e) => e.institutionId === 'many-1')).toBe(false);
    const full = mergeDistrictEntries('411502', [], Array.from({ length: 60 }, (_, i) => makeInstitution(`full-${i}`)));
    expect(full).toHaveLength(DISTRICT_FEED_MAX);
  });
});

describe('publishing the feeds', () => {
  function counting(store: PublicStore) {
    const puts: string[] = [];
    return { puts, store: { ...store, put: (key: string, body: string | Buffer, o: Parameters<PublicStore['put']>[2]) => (puts.push(key), store.put(key, body, o)) } as PublicStore };
  }

  it('writes a centre\'s feed and its district\'s as Atom, and nothing again while they are unchanged', async () => {
    const base = createFsStore(mkdtempSync(join(tmpdir(), 'shouhu-feeds-')));
    const { puts, store } = counting(base);
    const types = new Map<string, string>();
    const typed: PublicStore = { ...store, put: (key, body, o) => (types.set(key, o.contentType), store.put(key, body, o)) };
    const inst = revoked('pub-feed');
    expect(await publishFeeds(typed, [inst], origin)).toBe(2);
    expect(types.get(centreFeedPath(inst.id).slice(1))).toMatch(/^application\/atom\+xml/);
    expect(types.get(districtFeedPath('411502').slice(1))).toMatch(/^application\/atom\+xml/);
    expectValidAtom((await base.get(districtFeedPath('411502').slice(1)))!.body.toString('utf8'));

    puts.length = 0;
    expect(await publishFeeds(typed, [inst], origin)).toBe(0);
    expect(puts).toEqual([]);

    // Another centre of the district: its own feed, and the district feed again; the first centre's is untouched.
    expect(await publishFeeds(typed, [makeInstitution('pub-feed-2')], origin)).toBe(2);
    expect(puts).not.toContain(centreFeedPath(inst.id).slice(1));
  });
});

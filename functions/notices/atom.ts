/**
 * Atom feeds (RFC 4287) of the visible notices: all of them at
 * /notices/feed.xml, one topic's at /notices/topics/<topic>/feed.xml. Each
 * entry carries the notice's summary and its sanitised HTML body; ids are
 * the notices' permanent addresses. Deterministic: the same notices give the
 * same bytes, so the publisher rewrites a feed only when it changes.
 */
import * as t from '#shared/i18n/zh-CN/index.ts';
import { NoticeTopics, type NoticeTopic } from '#shared/vocabulary.ts';
import { feedPath, listPath, noticePath, type PublicNotice } from './render.ts';

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
export const escapeXml = (value: string) => value.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch]!);

/** When an entry last changed for a reader: it went public, or a corrected revision was published. */
const entryUpdated = (notice: PublicNotice) => (notice.publishedAt > notice.visibleFrom ? notice.publishedAt : notice.visibleFrom);

export function renderAtomFeed(options: {
  notices: PublicNotice[];
  publicOrigin: string;
  topic?: NoticeTopic;
  /** The feed's `updated` when it has no entries (the last change to any notice). */
  emptyUpdated: string;
}): string {
  const { notices, publicOrigin, topic } = options;
  const origin = publicOrigin.replace(/\/$/, '');
  const title = topic ? t.notices.topicFeedTitle(NoticeTopics.label(topic)) : t.notices.feedTitle;
  const updated = notices.map(entryUpdated).sort().at(-1) ?? options.emptyUpdated;
  const entries = notices.map((notice) => {
    const c = notice.content;
    const url = `${origin}${noticePath(notice.slug)}`;
    return `  <entry>
    <id>${escapeXml(url)}</id>
    <title>${escapeXml(c.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(url)}"/>
    <published>${notice.visibleFrom}</published>
    <updated>${entryUpdated(notice)}</updated>
    <category term="${c.topic}" label="${escapeXml(NoticeTopics.label(c.topic))}"/>
    <summary>${escapeXml(c.summary)}</summary>
    <content type="html">${escapeXml(notice.bodyHtml)}</content>
  </entry>`;
  });
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN" xml:base="${escapeXml(`${origin}/`)}">
  <id>${escapeXml(`${origin}${feedPath(topic)}`)}</id>
  <title>${escapeXml(`${title} - ${t.service.fullName}`)}</title>
  <link rel="self" type="application/atom+xml" href="${escapeXml(`${origin}${feedPath(topic)}`)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(`${origin}${listPath({ topic })}`)}"/>
  <updated>${updated}</updated>
  <author><name>${escapeXml(t.service.operator)}</name></author>
${entries.join('\n')}${entries.length ? '\n' : ''}</feed>
`;
}

/**
 * The public addresses of safety notices, in one place (the publisher, the
 * pages, the feeds and institution pages link to them). All are static files
 * in the public store; see functions/notices/render.ts for what each holds.
 */
import type { InstitutionCategory, NoticeTopic } from '#shared/vocabulary.ts';

export const noticePath = (slug: string) => `/notices/${slug}/`;
export const topicPath = (topic: NoticeTopic) => `/notices/topics/${topic}/`;
export const feedPath = (topic?: NoticeTopic) => (topic ? `${topicPath(topic)}feed.xml` : '/notices/feed.xml');
export const districtPath = (code: string) => `/notices/districts/${code}/`;
/** The notices that concern institutions of a category in a district: linked from each institution's page. */
export const institutionNoticesPath = (districtCode: string, category: InstitutionCategory) => `/notices/districts/${districtCode}/categories/${category}/`;

/** A list page's address for a choice of topic and district (either may be "all"). */
export function listPath(filter: { topic?: NoticeTopic | undefined; districtCode?: string | undefined }): string {
  if (filter.districtCode && filter.topic) return `${districtPath(filter.districtCode)}topics/${filter.topic}/`;
  if (filter.districtCode) return districtPath(filter.districtCode);
  if (filter.topic) return topicPath(filter.topic);
  return '/notices/';
}

/**
 * The same list as a small JSON file (`InstitutionNoticesFile`), which each
 * institution page loads with a script: a city-wide notice then shows on every
 * page by rewriting ~70 of these, not every institution page.
 */
export const institutionNoticesJsonPath = (districtCode: string, category: InstitutionCategory) => `${institutionNoticesPath(districtCode, category)}notices.json`;

/** An institution's page. */
export function institutionPath(id: string): string {
  return `/institutions/${id}/`;
}

/** The registry feeds' public addresses (functions/publish/feeds.ts writes them; centre pages link them). */
export const centreFeedPath = (id: string) => `/institutions/${id}/feed.xml`;
export const districtFeedPath = (code: string) => `/institutions/districts/${code}/feed.xml`;
/** Where a district feed's readers go on the site: the registry search, filtered by the district. */
export const districtListPath = (code: string) => `/institutions/search/?district=${code}`;

/** The follow pages' address (functions/routes/follow-pages.ts), apart from their code: the app's entry routes it. */
export const FOLLOW_PATH = '/follow/';

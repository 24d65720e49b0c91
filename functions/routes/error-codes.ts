export { ERROR_CODES as ErrorCodeValues } from '#shared/errors.ts';

import { z } from '@hono/zod-openapi';
import { ErrorCodeValues } from './error-codes.ts';

/** The error body, as documented in the OpenAPI document. */
export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ErrorCodeValues),
      message: z.string(),
      fields: z.record(z.string(), z.string()).optional(),
      current: z.unknown().optional().meta({ description: 'On 409 conflict: the record as it now is' }),
    }),
  })
  .meta({ id: 'Error', description: '错误：code 为稳定的机器可读代码，message 与 fields 为中文说明' });

export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorResponse } },
});

/**
 * Hostile input against every public endpoint and form, property-based
 * (fast-check, test/support/hostile.ts): wrong types, huge and deeply nested
 * values, prototype keys, control and bidirectional characters, lone
 * surrogates, malformed JSON and multipart, wrong content types. Never a
 * 5xx; a case is stored only for a 201, and a JSON filing answered 201 was
 * valid by its schema; every field refused is answered in words of ours;
 * the table stays consistent. Bounded (numRuns); the
 * large run (≥ 100,000 payloads) is bench/hostile.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ComplaintInput, RefundDisputeInput } from '../../shared/schemas/cases.ts';
import { createCasesApp } from '../builders/cases.ts';
import { checkTable } from '../support/consistency.ts';
import { hostileRequest, sendHostile } from '../support/hostile.ts';

describe('hostile input on every public endpoint and form', () => {
  it('answers below 500 and stores a case only for a valid filing answered 201', async () => {
    const { app, db } = await createCasesApp();
    const statuses: Record<number, number> = {};
    let filed = 0;
    const invalidFiled: string[] = [];
    const generic = new Set<string>();
    await fc.assert(
      fc.asyncProperty(hostileRequest, async (req) => {
        const status = await sendHostile(app, req, undefined, (field) => generic.add(field.replace(/：.*/, '')));
        statuses[status] = (statuses[status] ?? 0) + 1;
        if (status === 201 && req.files) {
          filed++;
          const schema = req.path === '/api/complaints' ? ComplaintInput : req.path === '/api/refund-disputes' ? RefundDisputeInput : undefined;
          if (schema && !schema.safeParse(req.json).success) invalidFiled.push(req.path);
        }
        return status < 500;
      }),
      { numRuns: 1000, seed: 20261204, endOnFailure: true },
    );
    expect(invalidFiled).toEqual([]);
    // Every field refused is named in words of ours (what is wrong, how to fix it), never the validator's own.
    expect([...generic]).toEqual([]);
    const report = await checkTable(db);
    expect(report.problems).toEqual([]);
    expect(report.counts.cases).toBe(filed);
    // The run reached the validators, not only the content-type and size guards.
    expect(statuses[400]).toBeGreaterThan(50);
  }, 120_000);
});

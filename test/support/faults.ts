/**
 * Fault injection between the app and DynamoDB (tests and benchmarks only).
 *
 * A middleware on the DynamoDB client's stack, in the `deserialize` step
 * below the SDK's deserializer and so below its retry middleware (which sits
 * in `finalizeRequest`): it sees each attempt, not each call. A fault is
 * what the wire would carry, so the SDK handles it as it would a real one:
 *
 * - `throttle`: HTTP 400 `ProvisionedThroughputExceededException` or
 *   `ThrottlingException` (the SDK retries these with its throttling backoff);
 * - `serverError`: HTTP 500 `InternalServerError` (retried as transient);
 * - `txConflict`: HTTP 400 `TransactionCanceledException` with one
 *   `TransactionConflict` reason (TransactWriteItems only; never retried by
 *   the SDK: the app's own retry or error mapping must handle it);
 * - `delay`: the attempt waits `delayMs` and then goes through;
 * - `drop`: the connection is reset before the request reaches the server
 *   (`ECONNRESET`; the SDK retries it);
 * - `lostResponse`: the server did the work but the answer is lost
 *   (`ECONNRESET` after the real response).
 *
 * Rates are per attempt, per operation (`TransactWriteItems`, `GetItem`, …)
 * or for every operation (`*`); draws come from a seeded PRNG, so a run is
 * reproducible (up to the interleaving of concurrent requests).
 */
import type { DeserializeHandlerArguments, DeserializeMiddleware } from '@smithy/types';
import type { DataPlugin } from '../../functions/data/client.ts';
import { createRng, type Rng } from '../../scripts/demo/prng.ts';

export const FAULT_KINDS = ['throttle', 'serverError', 'txConflict', 'delay', 'drop', 'lostResponse'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export type FaultRates = Partial<Record<FaultKind, number>>;

export interface FaultPlan {
  /** Operation name (as in `X-Amz-Target`, e.g. `TransactWriteItems`) or `*` → chance of each fault per attempt. */
  rates: Partial<Record<string, FaultRates>>;
  /** How long a `delay` waits (default 200 ms). */
  delayMs?: number;
}

export interface FaultInjector {
  /** For `createDb({ plugins: [injector.plugin] })`. */
  plugin: DataPlugin;
  /** Faults apply only while enabled (set-up and checks run clean). */
  enabled: boolean;
  plan: FaultPlan;
  /** Attempts seen and faults injected, per operation and kind. */
  stats: { attempts: number; byOperation: Record<string, number>; injected: Record<FaultKind, number> };
  reset(): void;
}

const DYNAMO = 'com.amazonaws.dynamodb.v20120810#';

/** A DynamoDB JSON error response, as the service sends it. */
function errorResponse(status: number, type: string, body: Record<string, unknown>) {
  return {
    statusCode: status,
    reason: status === 500 ? 'Internal Server Error' : 'Bad Request',
    headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amzn-requestid': `fault-${Math.random().toString(36).slice(2)}` },
    body: new TextEncoder().encode(JSON.stringify({ __type: type, ...body })),
  };
}

function socketError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET', errno: -104, syscall: 'read' });
}

function operationOf(args: DeserializeHandlerArguments<object>): string {
  const request = args.request as { headers?: Record<string, string> };
  const target = request.headers?.['x-amz-target'] ?? request.headers?.['X-Amz-Target'] ?? '';
  return target.split('.').pop() ?? 'unknown';
}

function transactItemCount(args: DeserializeHandlerArguments<object>): number {
  const body = (args.request as { body?: unknown }).body;
  try {
    const parsed = JSON.parse(typeof body === 'string' ? body : new TextDecoder().decode(body as Uint8Array)) as { TransactItems?: unknown[] };
    return parsed.TransactItems?.length ?? 1;
  } catch {
    return 1;
  }
}

/** The fault for this attempt, if any: one draw, the kinds' rates stacked. */
function draw(rng: Rng, rates: FaultRates): FaultKind | undefined {
  const x = rng.next();
  let acc = 0;
  for (const kind of FAULT_KINDS) {
    acc += rates[kind] ?? 0;
    if (x < acc) return kind;
  }
  return undefined;
}

export function createFaultInjector(options: { seed: number; plan?: FaultPlan }): FaultInjector {
  const rng = createRng(options.seed);
  const emptyInjected = () => Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>;
  const injector: FaultInjector = {
    plugin: undefined as unknown as DataPlugin,
    enabled: true,
    plan: options.plan ?? { rates: {} },
    stats: { attempts: 0, byOperation: {}, injected: emptyInjected() },
    reset() {
      injector.stats = { attempts: 0, byOperation: {}, injected: emptyInjected() };
    },
  };

  const middleware: DeserializeMiddleware<object, object> = (next) => async (args) => {
    if (!injector.enabled) return next(args);
    const operation = operationOf(args);
    injector.stats.attempts++;
    injector.stats.byOperation[operation] = (injector.stats.byOperation[operation] ?? 0) + 1;
    const rates = { ...injector.plan.rates['*'], ...injector.plan.rates[operation] };
    let kind = draw(rng, rates);
    if (kind === 'txConflict' && operation !== 'TransactWriteItems') kind = undefined;
    if (!kind) return next(args);
    injector.stats.injected[kind]++;
    switch (kind) {
      case 'throttle': {
        const throttling = rng.chance(0.5);
        const type = throttling ? 'com.amazon.coral.availability#ThrottlingException' : `${DYNAMO}ProvisionedThroughputExceededException`;
        const message = throttling ? 'Rate of requests exceeds the allowed throughput.' : 'The level of configured provisioned throughput for the table was exceeded.';
        return { response: errorResponse(400, type, { message }) } as never;
      }
      case 'serverError':
        return { response: errorResponse(500, `${DYNAMO}InternalServerError`, { message: 'Internal server error' }) } as never;
      case 'txConflict': {
        const count = transactItemCount(args);
        const conflicted = rng.int(count);
        const reasons = Array.from({ length: count }, (_, i) =>
          i === conflicted ? { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' } : { Code: 'None' },
        );
        return {
          response: errorResponse(400, `${DYNAMO}TransactionCanceledException`, {
            Message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
            CancellationReasons: reasons,
          }),
        } as never;
      }
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, injector.plan.delayMs ?? 200));
        return next(args);
      case 'drop':
        throw socketError('socket hang up');
      case 'lostResponse':
        await next(args);
        throw socketError('read ECONNRESET');
    }
  };

  injector.plugin = {
    applyToStack: (stack) => {
      stack.add(middleware as never, { step: 'deserialize', priority: 'low', name: 'shouhuFaultInjection', override: true });
    },
  };
  return injector;
}

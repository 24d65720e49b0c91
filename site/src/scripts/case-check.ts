/**
 * The page's side of the forms' checks (./case-check-worker.ts): one worker,
 * started when the family first touches the form, asked by message. Every
 * answer is a promise; when the worker cannot start (a browser without
 * module workers, a failed download) each resolves to `undefined`, and the
 * form goes to the server unchecked, which answers with the same messages.
 */
import type { CaseFormValues } from '#shared/schemas/case-form-fields.ts';
import type { CheckAnswer, CheckRequest } from './case-check-worker.ts';

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type FieldsAnswer = Extract<CheckAnswer, { op: 'fields' }>;

export class CaseChecker {
  private worker: Worker | undefined;
  private failed = false;
  private next = 0;
  private readonly waiting = new Map<number, (answer: CheckAnswer | undefined) => void>();

  constructor(private readonly refund: boolean) {}

  /** Starts the worker (it loads and builds the schemas); idempotent. */
  start(): void {
    if (this.worker || this.failed) return;
    try {
      this.worker = new Worker(new URL('./case-check-worker.ts', import.meta.url), { type: 'module', name: 'case-check' });
    } catch (error) {
      this.fail(error);
      return;
    }
    this.worker.onmessage = (event: MessageEvent<CheckAnswer>) => {
      this.waiting.get(event.data.id)?.(event.data);
      this.waiting.delete(event.data.id);
    };
    this.worker.onerror = (event) => this.fail(event.message);
  }

  /** The form's fields checked: the API's input, or a message per field; undefined without the worker. */
  fields(values: CaseFormValues): Promise<FieldsAnswer | undefined> {
    return this.ask({ op: 'fields', refund: this.refund, values }) as Promise<FieldsAnswer | undefined>;
  }

  /** The chosen files' problem, if any; undefined also without the worker. */
  async files(files: File[]): Promise<string | undefined> {
    if (!files.length) return undefined;
    const answer = await this.ask({ op: 'files', files });
    return answer?.op === 'files' ? answer.problem : undefined;
  }

  private ask(request: Distribute<CheckRequest>): Promise<CheckAnswer | undefined> {
    this.start();
    if (!this.worker) return Promise.resolve(undefined);
    const id = ++this.next;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker!.postMessage({ ...request, id });
    });
  }

  private fail(reason: unknown): void {
    console.warn('form checks unavailable; the server will check the form', reason);
    this.failed = true;
    this.worker?.terminate();
    this.worker = undefined;
    for (const resolve of this.waiting.values()) resolve(undefined);
    this.waiting.clear();
  }
}

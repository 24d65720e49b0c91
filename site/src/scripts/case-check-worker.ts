/**
 * The case forms' checks, in a worker: the same schemas the API uses
 * (shared/schemas/cases.ts: parseComplaintForm, parseRefundForm,
 * checkAttachments, pdfHasActiveContent), with zod, off the page's main
 * thread. zod and the schemas are most of the forms' script; here they are
 * loaded and built when the family first touches the form, and never block
 * the page (./case-check.ts asks, by message).
 *
 * zod-jitless comes first: zod reads its settings as it loads, and a worker
 * fetched from our origin carries the site's CSP, which allows no eval.
 */
import './zod-jitless.ts';
import { attachmentMessages, checkAttachments, parseComplaintForm, parseRefundForm, pdfHasActiveContent, type CaseFormValues } from '#shared/schemas/cases.ts';

export type CheckRequest =
  | { id: number; op: 'fields'; refund: boolean; values: CaseFormValues }
  | { id: number; op: 'files'; files: File[] };

export type CheckAnswer =
  | { id: number; op: 'fields'; ok: true; input: Record<string, unknown> }
  | { id: number; op: 'fields'; ok: false; errors: Record<string, string> }
  | { id: number; op: 'files'; problem: string | undefined };

const scope = globalThis as unknown as { postMessage(message: CheckAnswer): void; onmessage: ((event: MessageEvent<CheckRequest>) => void) | null };

/** The files' problem, by their content (first bytes; a PDF's whole text). */
async function fileProblem(files: File[]): Promise<string | undefined> {
  if (!files.length) return undefined;
  const heads = await Promise.all(files.map(async (file) => ({ name: file.name, size: file.size, head: new Uint8Array(await file.slice(0, 16).arrayBuffer()) })));
  const checked = checkAttachments(heads);
  if (!checked.ok) return checked.message;
  for (const [i, file] of files.entries()) {
    if (checked.types[i] === 'application/pdf' && pdfHasActiveContent(new Uint8Array(await file.arrayBuffer()))) return attachmentMessages.activePdf(file.name);
  }
  return undefined;
}

scope.onmessage = (event) => {
  const request = event.data;
  if (request.op === 'fields') {
    const result = (request.refund ? parseRefundForm : parseComplaintForm)(request.values);
    scope.postMessage(result.ok ? { id: request.id, op: 'fields', ok: true, input: result.input } : { id: request.id, op: 'fields', ok: false, errors: result.errors });
    return;
  }
  void fileProblem(request.files).then((problem) => scope.postMessage({ id: request.id, op: 'files', problem }));
};

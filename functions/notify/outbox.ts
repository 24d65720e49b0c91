/**
 * The local outbox adapter: each message is appended as one JSON line to a
 * file (default `.data/outbox.jsonl`), so a demo or a test can read every
 * message "sent". Development and tests only: from-config.ts refuses it in
 * Lambda. The local server shows the file at /dev/outbox/ (dev-outbox.ts).
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { renderMessage, type Message, type Notifier } from './notifier.ts';

export interface OutboxLine {
  at: string;
  providerId: string;
  messageId: string;
  to: string;
  template: Message['template'];
  params: Message['params'];
  /** The text as the family would read it. */
  text: string;
}

export function createOutboxNotifier(file: string, now: () => Date = () => new Date()): Notifier & { file: string } {
  return {
    id: 'outbox',
    file,
    async send(message) {
      const providerId = `outbox-${randomUUID()}`;
      const line: OutboxLine = {
        at: now().toISOString(),
        providerId,
        messageId: message.messageId,
        to: message.to,
        template: message.template,
        params: message.params,
        text: renderMessage(message),
      };
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, `${JSON.stringify(line)}\n`, 'utf8');
      return { providerId };
    },
  };
}

/** Every message in the outbox file, oldest first (none when there is no file yet). */
export async function readOutbox(file: string): Promise<OutboxLine[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw error;
  });
  return text
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as OutboxLine);
}

/** The local runtime's stand-in for subscribeMessage: each message becomes one JSON line in a log file, and succeeds. */
import { appendFile } from 'node:fs/promises';
import type { MessageSender, OutgoingMessage, SendOutcome } from './sender';

export class LogFileSender implements MessageSender {
  constructor(
    private readonly file: string,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  async send(message: OutgoingMessage): Promise<SendOutcome> {
    await appendFile(this.file, `${JSON.stringify({ at: this.clock().toISOString(), ...message })}\n`, 'utf8');
    return { ok: true };
  }
}

// Replies still running when their request was answered 202: each gets a token, and
// `GET /requests/{token}` returns 202 until the reply is there, then the reply. Bounded: the
// oldest finished entries go first. Per app, in this process only (a poll must reach the same one).
import type { Answer } from './answer.ts';

interface Entry {
  answer?: Answer;
  readonly done: Promise<void>;
}

export class PendingReplies {
  private readonly entries = new Map<string, Entry>();
  private readonly running = new Set<Promise<void>>();
  private readonly limit: number;

  constructor(limit = 10_000) {
    this.limit = limit;
  }

  /** Keeps `reply` under a new token until it settles (and after, for polls). */
  add(reply: Promise<Answer>): string {
    const token = crypto.randomUUID();
    const entry: Entry = {
      done: reply.then((answer) => {
        entry.answer = answer;
      }),
    };
    this.running.add(entry.done);
    void entry.done.finally(() => this.running.delete(entry.done));
    this.entries.set(token, entry);
    this.trim();
    return token;
  }

  /** `undefined`: unknown token; `pending`: still running; else the reply. */
  get(token: string): Answer | 'pending' | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    return entry.answer ?? 'pending';
  }

  /** Resolves once every reply that was running has settled. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }

  private trim(): void {
    for (const [token, entry] of this.entries) {
      if (this.entries.size <= this.limit) return;
      if (entry.answer !== undefined) this.entries.delete(token);
    }
  }
}

import { EventFlowError, isEventFlowError } from '@eventflow/core';
import {
  MongoClient,
  MongoNetworkError,
  MongoNotConnectedError,
  MongoServerSelectionError,
  MongoTopologyClosedError,
} from 'mongodb';
import type { ResolvedOptions } from './options.ts';

/**
 * The client a store talks through. A client the store created from `url` is its own: it closes it,
 * and replaces it when server selection fails (see `recycle`). A client it was given is left alone.
 */
export class Connection {
  #client: MongoClient;
  readonly #url: string | undefined;
  /** True when the store created the client (from `url`) and must close it. */
  readonly owned: boolean;
  /** The URL without credentials, for error messages. */
  readonly where: string;
  readonly connectTimeoutMs: number;

  constructor(options: ResolvedOptions) {
    this.connectTimeoutMs = options.connectTimeoutMs;
    this.#url = options.url;
    this.owned = options.client === undefined;
    if (options.client !== undefined) {
      this.#client = options.client;
      this.where = `mongodb://${(options.client.options?.hosts ?? []).map(String).join(',')}/`;
    } else {
      this.#client = this.#create();
      this.where = redact(options.url!);
    }
  }

  get client(): MongoClient {
    return this.#client;
  }

  /**
   * Replaces an own client whose server selection failed; true when it did. Measured with driver
   * 7.9.0 against a restarting FerretDB: in about one restart in six the driver's monitor starts a
   * check that never ends, and from then on every operation fails server selection although the
   * server is back. A fresh client connects at once; the old one is closed in the background.
   */
  recycle(failed: MongoClient): boolean {
    if (!this.owned || failed !== this.#client) return false;
    this.#client = this.#create();
    void failed.close().catch(() => undefined);
    return true;
  }

  async close(): Promise<void> {
    if (this.owned) await this.#client.close();
  }

  #create(): MongoClient {
    // Neither option opens a socket: the store connects on its first operation.
    return new MongoClient(this.#url!, {
      serverSelectionTimeoutMS: this.connectTimeoutMs,
      connectTimeoutMS: this.connectTimeoutMs,
    });
  }
}

/** `mongodb://user:secret@host/` -> `mongodb://user:***@host/`. */
export function redact(url: string): string {
  return url.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/]*)@/, (_, scheme: string, auth: string) => {
    const user = auth.split(':')[0] ?? '';
    return `${scheme}${user}:***@`;
  });
}

/** True for errors that mean "no server to talk to" rather than "the server said no". */
export function isUnreachable(error: unknown): boolean {
  return (
    error instanceof MongoServerSelectionError ||
    error instanceof MongoNetworkError ||
    error instanceof MongoTopologyClosedError ||
    error instanceof MongoNotConnectedError
  );
}

/** Driver errors as EventFlowErrors that name the operation and the server; EventFlowErrors pass. */
export function wrapError(connection: Connection, operation: string, error: unknown): unknown {
  if (isEventFlowError(error)) return error;
  const detail = error instanceof Error ? error.message : String(error);
  if (isUnreachable(error)) {
    return new EventFlowError(
      'STORE_UNAVAILABLE',
      `MongoDB at ${connection.where} is unreachable (${operation}): ${detail}`,
      {
        cause: error,
        hint: `Is the server running and reachable? The store waits ${connection.connectTimeoutMs} ms (connectTimeoutMs) for it. An append that failed this way may still have been written: retrying it is safe (it comes back as duplicate).`,
      },
    );
  }
  return new EventFlowError('STORE_ERROR', `MongoDB ${operation} failed at ${connection.where}: ${detail}`, { cause: error });
}

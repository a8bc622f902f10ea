// Ids are injected so a seeded run is reproducible. Stored ids look like `order-k2x9q1m7za`.

export interface IdGenerator {
  /** A new aggregate id for a machine: `@order` -> `order-k2x9q1m7za`. */
  aggregateId(machine: string): string;
  /** A new unique event id. */
  eventId(): string;
  /** A new conversation id: `conv-...`. */
  conversationId(): string;
  /** A random-looking id for `uuid()` in .flow expressions. */
  uuid(): string;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** mulberry32: a tiny seedable PRNG, enough for ids. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Random bytes from a refilled buffer: one crypto call per 4 KiB instead of one per id. */
function cryptoRandom(): () => number {
  const buffer = new Uint32Array(1024);
  let index = buffer.length;
  return () => {
    if (index === buffer.length) {
      crypto.getRandomValues(buffer);
      index = 0;
    }
    return (buffer[index++] as number) / 4294967296;
  };
}

export interface IdOptions {
  /** Seed for reproducible ids; omitted = cryptographically random. */
  readonly seed?: number;
  /** Length of the random part (default 10). */
  readonly length?: number;
}

export function createIds(options: IdOptions = {}): IdGenerator {
  const random = options.seed === undefined ? cryptoRandom() : seededRandom(options.seed);
  const length = options.length ?? 10;
  // One random draw gives five base-36 digits (36^5 = 60,466,176 values).
  const part = (n = length): string => {
    let out = '';
    while (out.length < n) {
      let value = Math.floor(random() * 60_466_176);
      for (let i = 0; i < 5 && out.length < n; i++) {
        out += ALPHABET[value % 36];
        value = Math.floor(value / 36);
      }
    }
    return out;
  };
  return {
    aggregateId: (machine) => `${machine.replace(/^@/, '')}-${part()}`,
    eventId: () => `evt-${part(16)}`,
    conversationId: () => `conv-${part()}`,
    uuid: () => {
      const hex = (n: number) => {
        let s = '';
        for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16);
        return s;
      };
      return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`;
    },
  };
}

/** `order-abc123` + `@order` -> `@order:abc123` (display form). */
export function displayId(machine: string, aggregateId: string): string {
  const prefix = `${machine.replace(/^@/, '')}-`;
  const rest = aggregateId.startsWith(prefix) ? aggregateId.slice(prefix.length) : aggregateId;
  return `${machine}:${rest}`;
}

/** Accepts `@order:abc123` or `order-abc123`; returns the stored form. */
export function parseInstanceRef(ref: string): { machine?: string; aggregateId: string } {
  const match = /^(@[a-z][a-z0-9_]*):(.+)$/i.exec(ref);
  if (!match) return { aggregateId: ref };
  const machine = match[1] as string;
  const rest = match[2] as string;
  const noun = machine.slice(1);
  return { machine, aggregateId: rest.startsWith(`${noun}-`) ? rest : `${noun}-${rest}` };
}

// Ids are injected so a seeded run is reproducible. Stored ids look like `order-k2x9q1m7za`.

/** Where aggregate and event ids come from: injected, so a seeded run is reproducible. */
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

/** A small seeded generator (mulberry32): the same seed gives the same numbers in [0, 1) (ids, test fault schedules). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cryptographically random numbers in [0, 1), drawn 1,024 at a time (one call per id would cost more than the id). */
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

/** `length` random base-36 digits, five from each draw (36^5 values). */
function randomDigits(random: () => number, length: number): string {
  let text = '';
  while (text.length < length) text += Math.floor(random() * 36 ** 5).toString(36).padStart(5, '0');
  return text.slice(0, length);
}

/**
 * Ids made of a random part drawn once and a decimal counter (as MongoDB's ObjectId): unique per
 * generator, and as unlikely to collide across generators as the random part alone. The random
 * part is drawn again whenever the counter has used all its digits.
 */
function counted(random: () => number, prefix: string, randomLength: number, counterLength: number): () => string {
  const wrap = 10 ** counterLength;
  let stem = '';
  let counter = wrap;
  return () => {
    if (counter === wrap) {
      stem = prefix + randomDigits(random, randomLength);
      counter = 0;
    }
    return stem + String(counter++).padStart(counterLength, '0');
  };
}

/** Options of `createIds`. */
export interface IdOptions {
  /** Seed for reproducible ids; omitted = cryptographically random. */
  readonly seed?: number;
  /** Length of the random part of aggregate and conversation ids (default 10). */
  readonly length?: number;
}

/** Aggregate ids like `order-k2x9q1m7za` and unique event ids; seeded ones repeat. */
export function createIds(options: IdOptions = {}): IdGenerator {
  const random = options.seed === undefined ? cryptoRandom() : seededRandom(options.seed);
  const length = options.length ?? 10;
  const eventId = counted(random, 'evt-', 10, 6);
  const conversationId = counted(random, 'conv-', length, 4);
  const hex = (n: number) => {
    let text = '';
    for (let i = 0; i < n; i++) text += Math.floor(random() * 16).toString(16);
    return text;
  };
  return {
    aggregateId: (machine) => `${machine.startsWith('@') ? machine.slice(1) : machine}-${randomDigits(random, length)}`,
    eventId,
    conversationId,
    uuid: () => `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)]}${hex(3)}-${hex(12)}`,
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
  if (!ref.includes(':')) return { aggregateId: ref };
  const match = /^(@[a-z][a-z0-9_]*):(.+)$/i.exec(ref);
  if (!match) return { aggregateId: ref };
  const machine = match[1] as string;
  const rest = match[2] as string;
  const noun = machine.slice(1);
  return { machine, aggregateId: rest.startsWith(`${noun}-`) ? rest : `${noun}-${rest}` };
}

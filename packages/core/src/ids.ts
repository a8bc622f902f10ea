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

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
const ALPHABET_CODES = Array.from(ALPHABET, (char) => char.charCodeAt(0));

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

/** Options of `createIds`. */
export interface IdOptions {
  /** Seed for reproducible ids; omitted = cryptographically random. */
  readonly seed?: number;
  /** Length of the random part (default 10). */
  readonly length?: number;
}

/** Aggregate ids like `order-k2x9q1m7za` and unique event ids; seeded ones repeat. */
export function createIds(options: IdOptions = {}): IdGenerator {
  const random = options.seed === undefined ? cryptoRandom() : seededRandom(options.seed);
  const length = options.length ?? 10;
  const events = new SequentialIds(random, 'evt-', 10, 6);
  const conversations = new SequentialIds(random, 'conv-', length, 4);
  /** Per machine, the char codes of its prefix (`order-`) and then of the last random part. */
  const buffers = new Map<string, { readonly codes: number[]; readonly prefix: number }>();
  return {
    aggregateId: (machine) => {
      let buffer = buffers.get(machine);
      if (buffer === undefined) {
        const codes = codesOf(`${machine.replace(/^@/, '')}-`);
        buffers.set(machine, (buffer = { codes, prefix: codes.length }));
      }
      buffer.codes.length = buffer.prefix;
      return String.fromCharCode.apply(null, randomCodes(random, length, buffer.codes));
    },
    eventId: () => events.next(),
    conversationId: () => conversations.next(),
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

function codesOf(text: string): number[] {
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) codes.push(text.charCodeAt(i));
  return codes;
}

/** Appends `n` random base-36 digits as char codes; one random draw gives five (36^5 = 60,466,176 values). */
function randomCodes(random: () => number, n: number, codes: number[] = []): number[] {
  const end = codes.length + n;
  while (codes.length < end) {
    let value = Math.floor(random() * 60_466_176);
    for (let i = 0; i < 5 && codes.length < end; i++) {
      codes.push(ALPHABET_CODES[value % 36] as number);
      value = Math.floor(value / 36);
    }
  }
  return codes;
}

/**
 * Ids that are a random part drawn once plus a base-36 counter (as MongoDB's ObjectId): unique
 * per generator, and as unlikely to collide across generators as the random part alone. A new
 * random part is drawn when the counter wraps. Built as one flat string: a string grown by `+=`
 * is a rope that every Map lookup must flatten first.
 */
class SequentialIds {
  private readonly codes: number[];
  private readonly counterStart: number;
  private readonly random: () => number;
  private readonly prefix: string;
  private readonly randomLength: number;

  constructor(random: () => number, prefix: string, randomLength: number, counterLength: number) {
    this.random = random;
    this.prefix = prefix;
    this.randomLength = randomLength;
    this.counterStart = prefix.length + randomLength;
    this.codes = [...codesOf(prefix), ...randomCodes(random, randomLength), ...codesOf('0'.repeat(counterLength))];
  }

  next(): string {
    const codes = this.codes;
    // Odometer increment of the counter digits, last digit first.
    let i = codes.length - 1;
    for (; i >= this.counterStart; i--) {
      const code = codes[i] as number;
      if (code !== LAST_DIGIT) {
        codes[i] = code === NINE ? LOWER_A : code + 1;
        break;
      }
      codes[i] = ZERO;
    }
    if (i < this.counterStart) codes.splice(this.prefix.length, this.randomLength, ...randomCodes(this.random, this.randomLength));
    return String.fromCharCode.apply(null, codes);
  }
}

const [ZERO, NINE, LOWER_A, LAST_DIGIT] = ['0', '9', 'a', 'z'].map((char) => char.charCodeAt(0)) as [number, number, number, number];

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

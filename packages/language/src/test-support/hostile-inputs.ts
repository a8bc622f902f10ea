// The input shapes of the hostile-input audit, each made at any size from a seed: what the fuzz test
// (small inputs) and scripts/fuzz.ts (10 MB inputs) feed the parser.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Uniform in [0, 1), from a seed (mulberry32): the same seed makes the same input. */
export type Random = () => number;

export function seeded(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Shape {
  readonly name: string;
  /** An input of about `size` characters. */
  make(size: number, random: Random): string;
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

/** `head` then `unit` repeated until the text is about `size` long, then `tail`. */
function repeated(head: string, unit: string, size: number, tail = ''): string {
  return head + unit.repeat(Math.max(1, Math.floor((size - head.length - tail.length) / unit.length))) + tail;
}

/** Lines made by `line(n)` until the text is about `size` long. */
function lines(head: string, size: number, line: (n: number) => string, tail = ''): string {
  const parts = [head];
  let length = head.length;
  for (let n = 0; length < size; n++) {
    const next = line(n);
    parts.push(next);
    length += next.length;
  }
  parts.push(tail);
  return parts.join('');
}

function realistic(size: number, random: Random, newline = () => '\n'): string {
  return lines(`machine: @order${newline()}`, size, (n) =>
    [
      `on :event_${n} from @customer (api)`,
      `  $total becomes $amount * ${Math.floor(random() * 100)} + 1`,
      `  ? $total > ${n} and not $blocked`,
      '    order moves to #paid',
      `    emit :receipt to @mailer with $total, $email`,
      '  otherwise',
      '    reply 409 conflict with:',
      '      | status | current_state |',
      '',
    ].join(newline()) + newline(),
  );
}

/** Random bytes as a string of code units 0-255 (what a binary file decodes to, more or less). */
function bytes(size: number, random: Random): string {
  const chunks: string[] = [];
  for (let done = 0; done < size; done += 4096) {
    const chunk = new Array<number>(Math.min(4096, size - done));
    for (let i = 0; i < chunk.length; i++) chunk[i] = Math.floor(random() * 256);
    chunks.push(String.fromCharCode(...chunk));
  }
  return chunks.join('');
}

const TOKENS = ['on', ':e', 'from', '@m', '(api)', '?', 'otherwise', 'emit', 'to', 'with', 'with:', '|', '$x', '$y.z', '#s', 'moves', 'becomes', 'and', 'or', 'not', '(', ')', '[', ']', '{', '}', ',', ':', '+', '-', '*', '/', '>', '==', '"s"', '"', '1', '2.5e3', 'machine:', 'scenario:', 'given:', 'expect:', '=', '//', '/*', '*/', 'reply', '200', 'test:', 'for scenario:', '\t', '\u00e9', '\u0000'];

/** Lines of random flow tokens at random indentation: every construct, in every wrong order. */
function tokenSoup(size: number, random: Random): string {
  return lines('', size, () => {
    const words: string[] = [];
    for (let k = 1 + Math.floor(random() * 12); k > 0; k--) words.push(pick(random, TOKENS));
    return `${' '.repeat(Math.floor(random() * 4) * 2)}${words.join(random() < 0.8 ? ' ' : '')}\n`;
  });
}

/** Real .flow files: the language's fixtures and the checkout app. */
export function corpus(): string[] {
  const dirs = ['../fixtures/', '../fixtures/seeds/', '../../../../apps/checkout/flows/'].map((d) => fileURLToPath(new URL(d, import.meta.url)));
  return dirs.flatMap((dir) =>
    readdirSync(dir)
      .filter((name) => name.endsWith('.flow'))
      .sort()
      .map((name) => readFileSync(dir + name, 'utf8')),
  );
}

/** `count` random edits of `text`: characters and lines deleted, doubled, swapped, inserted. */
export function mutate(text: string, random: Random, count: number): string {
  let out = text;
  for (let k = 0; k < count; k++) {
    const at = Math.floor(random() * (out.length + 1));
    const span = 1 + Math.floor(random() * 40);
    switch (Math.floor(random() * 7)) {
      case 0:
        out = out.slice(0, at) + out.slice(at + span);
        break;
      case 1:
        out = out.slice(0, at) + out.slice(at, at + span).repeat(2 + Math.floor(random() * 3)) + out.slice(at + span);
        break;
      case 2:
        out = out.slice(0, at) + pick(random, TOKENS) + out.slice(at);
        break;
      case 3:
        out = out.slice(0, at) + pick(random, ['\n', '\r', '\r\n', '  ', '\t', '(((', ']]]', '|', '"']) + out.slice(at);
        break;
      case 4: {
        const other = Math.floor(random() * out.length);
        out = out.slice(0, at) + out.slice(other, other + span) + out.slice(at);
        break;
      }
      case 5:
        out = out.slice(0, at) + String.fromCharCode(Math.floor(random() * 0x3000)) + out.slice(at);
        break;
      default: {
        const all = out.split('\n');
        const line = Math.floor(random() * all.length);
        all.splice(Math.floor(random() * all.length), 0, ...all.slice(line, line + 1 + Math.floor(random() * 5)));
        out = all.join('\n');
      }
    }
  }
  return out;
}

const inHandler = 'machine: @m\non :e from @c (api)\n';

export const SHAPES: readonly Shape[] = [
  { name: 'parentheses on one line', make: (size) => repeated(`${inHandler}  ? `, '(', size) },
  { name: 'balanced parentheses on one line', make: (size) => `${inHandler}  ? ${'('.repeat(size / 2)}$x${')'.repeat(size / 2)}` },
  { name: 'brackets on one line', make: (size) => repeated(`${inHandler}  $x becomes `, '[', size) },
  { name: 'braces on one line', make: (size) => repeated(`${inHandler}  $x becomes `, '{a: ', size) },
  { name: 'not chain on one line', make: (size) => repeated(`${inHandler}  ? `, 'not ', size, '$x') },
  { name: 'and chain on one line', make: (size) => repeated(`${inHandler}  ? `, '$x and ', size, '$x') },
  { name: 'operator chain on one line', make: (size) => repeated(`${inHandler}  $x becomes `, '1 + ', size, '1') },
  { name: 'comma list on one line', make: (size) => repeated(`${inHandler}  emit :x to @m with `, '$a, ', size) },
  { name: 'one long action line', make: (size) => repeated(`${inHandler}  `, 'send the email ', size) },
  { name: 'one long string', make: (size) => repeated(`${inHandler}  $x becomes "`, 'a', size, '"') },
  { name: 'unterminated string', make: (size) => repeated(`${inHandler}  $x becomes "`, 'a', size) },
  { name: 'reply table of brackets', make: (size) => lines(`${inHandler}  reply 200 with:\n    | field | value |\n`, size, (n) => `    | f${n} | [[[[[[[[[[1]]]]]]]]]] |\n`) },
  { name: 'with table', make: (size) => lines(`${inHandler}  emit :x to @m with:\n    | field | value | validation |\n`, size, (n) => `    | f${n} | $v.${n} | required, between 0 and ${n} |\n`) },
  { name: 'given table', make: (size) => lines('machine: @m\nscenario: s\n  given:\n    cart contains:\n      | sku | qty |\n', size, (n) => `      | s${n} | ${n} |\n`) },
  { name: 'table rows of literals', make: (size) => lines(`${inHandler}  reply 200 with:\n`, size, () => `    | v | [${'1, '.repeat(2000)}1] |\n`) },
  { name: 'lines of literal lists', make: (size) => lines(inHandler, size, () => `  $x becomes [${'1,'.repeat(3000)}1]\n`) },
  { name: 'lines of distinct numbers', make: (size) => lines(inHandler, size, (n) => `  $x becomes [${Array.from({ length: 2000 }, (_, k) => n * 2000 + k).join(',')}]\n`) },
  { name: 'lines of variable lists', make: (size) => lines(inHandler, size, (n) => `  $x becomes [${Array.from({ length: 2000 }, (_, k) => `$v${(n * 2000 + k).toString(36)}`).join(',')}]\n`) },
  { name: 'lines of nested lists', make: (size) => lines(inHandler, size, (n) => `  $x becomes [${Array.from({ length: 2000 }, (_, k) => `[${(n + k) % 97}]`).join(',')}]\n`) },
  { name: 'many handlers with tables', make: (size) => lines('machine: @m\n', size, (n) => `on :e${n} from @c (api)\n  reply 200 with:\n${Array.from({ length: 50 }, (_, k) => `    | f${k} | [[[[${k}]]]] |\n`).join('')}`) },
  { name: 'lines nested to the limit', make: (size) => lines(inHandler, size, () => `  ? ${'('.repeat(99)}$x > 1 and $y < 2${')'.repeat(99)}\n`) },
  { name: 'handler headers', make: (size) => lines('machine: @m\n', size, (n) => `on :e${n.toString(36)}\n`) },
  { name: 'assertion lines', make: (size) => lines('machine: @m\nscenario: s\n  expect:\n', size, (n) => `    = $a${n.toString(36)}\n`) },
  { name: 'one long guard chain', make: (size) => lines(inHandler, size, (n) => `  ? $a${n.toString(36)} > 1\n    x\n`) },
  { name: 'state lines', make: (size) => lines('machine: @m\n', size, () => '#s\n') },
  { name: 'one-word actions', make: (size) => lines(inHandler, size, () => '  a\n') },
  { name: 'blank lines', make: (size) => repeated('machine: @m\n', '\n', size) },
  { name: 'deep indentation', make: (size) => lines(inHandler, size, (n) => `${' '.repeat(1 + (n % 20_000))}? level ${n}\n`) },
  { name: 'one handler of many lines', make: (size) => lines(inHandler, size, (n) => `  send reminder ${n} to the customer at once\n`) },
  { name: 'lines of deep parentheses', make: (size) => lines(inHandler, size, () => `  ? ${'('.repeat(300)}$x\n`) },
  { name: 'realistic handlers', make: (size, random) => realistic(size, random) },
  { name: 'CR-only line endings', make: (size, random) => realistic(size, random, () => '\r') },
  { name: 'mixed line endings', make: (size, random) => realistic(size, random, () => pick(random, ['\n', '\r', '\r\n'])) },
  { name: 'random bytes', make: (size, random) => bytes(size, random) },
  { name: 'random flow tokens', make: (size, random) => tokenSoup(size, random) },
  { name: 'NUL bytes', make: (size) => '\u0000'.repeat(size) },
  { name: 'unterminated block comment', make: (size) => repeated(`${inHandler}  x\n/*`, '\n', size) },
  { name: 'mutated real flows', make: (size, random) => {
    const files = corpus();
    return lines('', size, () => `${mutate(pick(random, files), random, 1 + Math.floor(random() * 8))}\n`);
  } },
];

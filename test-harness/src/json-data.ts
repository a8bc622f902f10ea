// Generated payloads: any JSON value an adapter must carry unchanged. Deep nesting, every Unicode
// plane (astral characters, no lone surrogates), non-integer doubles, integers to ±2^53, 1e21 and
// -0. Also the one rule for -0: JSON has no negative zero, so `-0` may come back as `0`.
import fc from 'fast-check';

const plain = { noNullPrototype: true } as const;

/** Keys: mostly ASCII, some non-Latin and astral, never `$`-led, dotted, empty or `__proto__`. */
export const jsonKey = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z][a-z0-9_]{0,7}$/) },
  { weight: 1, arbitrary: fc.constantFrom('prix_€', 'ключ', '名前', 'emoji_🔑', 'ß_straße') },
);

/** Numbers an adapter could damage: through float32, int32, parseInt or a decimal column. */
export const jsonNumber = fc.oneof(
  fc.integer({ min: -1e6, max: 1e6 }),
  fc.maxSafeInteger(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 31, -(2 ** 31) - 1, 1e21, -1e21, 0.1, -0, 19.99, 5e-324, Number.MAX_VALUE, 16_777_217),
);

/** Text in every plane: ASCII, any code point (astral included, lone surrogates never), and known troublemakers. */
export const jsonText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.constantFrom('ünïcødé €', '日本語のテキスト', '😀🎉 𝄞', 'Ω≈ç√∫', 'tab\tnew\nline "quoted" \\', 'a\u0000b', 'é (e + U+0301)'),
);

const scalar = fc.oneof(jsonText, jsonNumber, fc.boolean(), fc.constant(null));

/** Any JSON value, nested up to 8 levels. */
export const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', maxDepth: 8 },
    scalar,
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(jsonKey, tie('value'), { maxKeys: 3, ...plain }),
  ),
})).value;

/** A value at the bottom of 3 to 12 levels of objects and arrays: nesting a shallow copy would lose. */
const deepValue = fc
  .tuple(fc.array(fc.oneof(jsonKey, fc.constant(null)), { minLength: 3, maxLength: 12 }), scalar)
  .map(([path, leaf]) => path.reduceRight<unknown>((inner, step) => (step === null ? [inner] : { [step]: inner }), leaf));

/** A payload object: a few generated fields, and usually a deep one, a number and a non-ASCII text. */
export const jsonData: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.dictionary(jsonKey, jsonValue, { maxKeys: 4, ...plain }),
    fc.option(deepValue, { freq: 4 }),
    fc.option(jsonNumber, { freq: 4 }),
    fc.option(jsonText, { freq: 4 }),
  )
  .map(([fields, deep, number, text]) => ({
    ...fields,
    ...(deep === null ? {} : { deep }),
    ...(number === null ? {} : { amount: number }),
    ...(text === null ? {} : { note: text }),
  }));

/**
 * What the suite compares: the value with every `-0` read as `0`. JSON (and so every adapter that
 * stores or sends JSON text) writes `-0` as `0`; an adapter may keep `-0` or turn it into `0`, and
 * both pass. Any other change of a number, a string or the shape fails.
 */
export function jsonView<T>(value: T): T {
  if (Object.is(value, -0)) return 0 as T;
  if (Array.isArray(value)) return value.map(jsonView) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, inner]) => [key, jsonView(inner)])) as T;
  }
  return value;
}

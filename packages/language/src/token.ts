// Tokens of one line. Sigil tokens keep their sigil in `text` (`$item.price`, `@reviewer.id`,
// `:checkout`, `#paid`, `^summary`).

export type TokenKind =
  /** identifier, possibly dotted: `order`, `payment.status` */
  | 'word'
  /** `$name` or `$a.b` */
  | 'var'
  /** `@name` or `@a.b` */
  | 'actor'
  /** `:name` (see the colon rule in lexer.ts) */
  | 'event'
  /** `#name` */
  | 'state'
  /** `^name` */
  | 'caret'
  | 'number'
  /** `"..."`; `value` holds the decoded text */
  | 'string'
  /** any other character or operator: `( ) [ ] { } , : + - * / > < >= <= == != = ? ?? | .` */
  | 'punct';

export interface Token {
  readonly kind: TokenKind;
  /** The token as written. */
  readonly text: string;
  /** Index in the line text (0-based; column = start + 1). */
  readonly start: number;
  readonly end: number;
  /** number: its value; string: the decoded text. */
  readonly value?: number | string;
  /** string only: unterminated or with an invalid escape. */
  readonly bad?: boolean;
}

/** `'text'` for messages, shortened; `end of line` for a missing token. */
export function describeToken(token: Token | undefined): string {
  if (token === undefined) return 'end of line';
  const text = token.text.length > 40 ? `${token.text.slice(0, 37)}...` : token.text;
  return `'${text}'`;
}

// The line classifier (§1.4): what a line is, from its first tokens. Contexts decide what they accept;
// for example a `pathStep` line inside a handler is just an action.

import type { Token } from './token.ts';

export type LineKind =
  | 'blank'
  // section headers (open a section wherever they appear)
  | 'system'
  | 'machine'
  | 'scenario'
  | 'test'
  | 'forScenario'
  | 'handler'
  // block openers
  | 'uses'
  | 'responses'
  | 'given'
  | 'expect'
  | 'triggered'
  | 'assume'
  | 'observe'
  | 'withScenario'
  | 'withGiven'
  | 'withEvent'
  | 'withContext'
  /** `with:` alone */
  | 'withTable'
  /** `with $a, $b` / `with key: value` on its own line */
  | 'withLine'
  // body lines
  | 'guard'
  | 'orGuard'
  | 'else'
  | 'assertion'
  | 'tableRow'
  | 'stateDecl'
  | 'forEach'
  | 'forEvent'
  | 'pathStep'
  /** any other line ending in `:` (test-case names, `cart contains:`, response names) */
  | 'opener'
  | 'text';

/** Kinds that end a handler body, a fragment or a test section, whatever their indentation. */
export function isSectionBreak(kind: LineKind): boolean {
  return (
    kind === 'system' ||
    kind === 'machine' ||
    kind === 'scenario' ||
    kind === 'test' ||
    kind === 'forScenario' ||
    kind === 'handler'
  );
}

/** `keyword:` lines that open a section or a block. (A switch, not an object: token texts are fresh strings, and object keys would need a lookup in V8's string table.) */
function colonHeader(word: string): LineKind | undefined {
  switch (word) {
    case 'system':
      return 'system';
    case 'machine':
      return 'machine';
    case 'scenario':
      return 'scenario';
    case 'test':
      return 'test';
    case 'uses':
      return 'uses';
    case 'responses':
      return 'responses';
    case 'given':
      return 'given';
    case 'expect':
      return 'expect';
    case 'triggered':
      return 'triggered';
    case 'assume':
      return 'assume';
    case 'observe':
      return 'observe';
    default:
      return undefined;
  }
}

/** `with X:` variation headers of a test case. */
function withHeader(word: string): LineKind | undefined {
  switch (word) {
    case 'scenario':
      return 'withScenario';
    case 'given':
      return 'withGiven';
    case 'event':
      return 'withEvent';
    case 'context':
      return 'withContext';
    default:
      return undefined;
  }
}

function isPunct(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === 'punct' && token.text === text;
}

export function classify(tokens: readonly Token[]): LineKind {
  const t0 = tokens[0];
  if (t0 === undefined) return 'blank';
  const t1 = tokens[1];
  const count = tokens.length;
  const last = tokens[count - 1] as Token;
  switch (t0.kind) {
    case 'word': {
      const header = colonHeader(t0.text);
      if (header !== undefined && isPunct(t1, ':')) return header;
      switch (t0.text) {
        case 'for':
          if (t1?.kind === 'word' && t1.text === 'scenario' && isPunct(tokens[2], ':')) return 'forScenario';
          if (t1?.kind === 'word' && t1.text === 'each') return 'forEach';
          if (t1?.kind === 'event' && isPunct(last, ':')) return 'forEvent';
          break;
        case 'with':
          if (isPunct(t1, ':')) return count === 2 ? 'withTable' : 'withLine';
          if (t1?.kind === 'word' && isPunct(tokens[2], ':') && count === 3) {
            const kind = withHeader(t1.text);
            if (kind !== undefined) return kind;
          }
          return 'withLine';
        case 'on':
          if (t1 === undefined || t1.kind === 'event' || t1.kind === 'actor' || t1.kind === 'state' || t1.kind === 'var') {
            return 'handler';
          }
          if (isPunct(t1, '>') && t1.start === t0.end) return 'handler';
          break;
        case 'otherwise':
          if (count === 1) return 'else';
          break;
        case 'after':
        case 'receive':
        case 'then':
          if (t1?.kind === 'event') return 'pathStep';
          break;
      }
      break;
    }
    case 'punct':
      switch (t0.text) {
        case '?':
          return count === 1 ? 'else' : 'guard';
        case '??':
          return 'orGuard';
        case '=':
          return 'assertion';
        case '|':
          return 'tableRow';
        case ':':
          if (count === 2 && t1?.kind === 'word' && t1.text === 'else') return 'else';
          break;
      }
      break;
    case 'event':
      if (count === 1 && t0.text === ':else') return 'else';
      break;
    case 'state':
      if (count === 1) return 'stateDecl';
      break;
    default:
      break;
  }
  if (count > 1 && isPunct(last, ':')) return 'opener';
  return 'text';
}

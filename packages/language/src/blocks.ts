// Statement blocks (§2.2): the lines of a handler body or of a branch, with guard chains (`?`, `??`,
// else spellings, gates) and `for each`. Indentation is a Python-style stack: a block's statements
// share the indentation of its first line; deeper lines belong to the statement above them.

import type { ForEach, GuardBranch, GuardChain, GuardLine, Statement } from './ast.ts';
import { parseActionLine } from './actions.ts';
import type { LineKind } from './classify.ts';
import { MAX_DEPTH, toDiagnostic, type ParseContext } from './context.ts';
import { parseCondition } from './conditions.ts';
import { Cursor } from './cursor.ts';
import type { Token } from './token.ts';
import { exact, type Mutable } from './mutable.ts';


/** Takes the handler parts (`triggered:`, `given:`, `expect:`) found at the top level of a handler body. */
export interface PartHook {
  part(i: number, kind: LineKind, end: number): void;
}

/** How an else line (`otherwise`, `?`, `: else`, `:else`) was spelled, from its first token. */
function elseSpelling(first: string): NonNullable<GuardChain['elseSpelling']> {
  if (first === 'otherwise') return 'otherwise';
  return first === '?' ? '?' : ': else';
}

/** block = { statement } over lines [from, to); `depth` counts enclosing blocks. */
export function parseBlock(ctx: ParseContext, from: number, to: number, depth: number, part?: PartHook): Statement[] {
  const out: Statement[] = [];
  let i = from;
  while (i < to && ctx.blank(i)) i++;
  if (i >= to) return out;
  if (depth > MAX_DEPTH) {
    ctx.add(ctx.tooDeep(i, ctx.tokens(i)[0]).diagnostic);
    return out;
  }
  const base = ctx.indent(i);
  // The open chain may take more branches or an else, across blank lines too (§3.6.5): branches with
  // bodies are one if / else-if chain; only a gate (a group without body) is cut off by a blank line.
  let chain: Mutable<GuardChain> | undefined;
  while (i < to) {
    if (ctx.blank(i)) {
      i++;
      continue;
    }
    const indent = ctx.indent(i);
    if (indent < base) {
      ctx.report('inconsistent-indentation', `Expected indentation of ${base} spaces, found ${indent}.`, i);
    } else if (indent > base) {
      ctx.report('unexpected-indentation', 'Expected no indented lines here, found an indented block.', i);
      i = ctx.childrenEnd(i, base, to);
      continue;
    }
    const kind = ctx.kind(i);
    const end = ctx.childrenEnd(i, Math.max(base, indent), to);
    try {
      if (kind === 'guard' || kind === 'orGuard') {
        const group = parseGuardGroup(ctx, i, base, to, depth);
        if (chain !== undefined && group.branch.body !== undefined) {
          chain.branches.push(group.branch); // not a copy per branch: a chain may have thousands
        } else {
          const fresh: Mutable<GuardChain> = { kind: 'GuardChain', branches: [group.branch], loc: group.branch.loc };
          out.push(fresh);
          chain = group.branch.body === undefined ? undefined : fresh;
        }
        i = group.next;
        continue;
      }
      if (kind === 'else') {
        const otherwise = parseBlock(ctx, i + 1, end, depth + 1);
        const spelling = elseSpelling((ctx.tokens(i)[0] as Token).text);
        if (chain === undefined) {
          out.push({ kind: 'GuardChain', branches: [], otherwise, elseSpelling: spelling, loc: ctx.loc(i) });
        } else {
          // The open chain is the last statement; rebuilt rather than given two more keys.
          out[out.length - 1] = { kind: 'GuardChain', branches: chain.branches, loc: chain.loc, otherwise, elseSpelling: spelling };
        }
        chain = undefined;
      } else {
        chain = undefined;
        const statement = parseStatement(ctx, i, kind, end, depth, part);
        if (statement !== undefined) out.push(statement);
      }
    } catch (error) {
      ctx.add(toDiagnostic(error));
      chain = undefined;
    }
    i = end;
  }
  return exact(out);
}

function parseStatement(ctx: ParseContext, i: number, kind: LineKind, end: number, depth: number, part?: PartHook): Statement | undefined {
  const first = ctx.tokens(i)[0];
  switch (kind) {
    case 'forEach':
      return parseForEach(ctx, i, end, depth);
    case 'triggered':
    case 'given':
    case 'expect':
      if (part !== undefined && depth === 0) {
        part.part(i, kind, end);
        return undefined;
      }
      throw ctx.errorAt('misplaced-section', `Expected '${first?.text}:' at the top of a handler body, found it nested.`, i, first);
    case 'tableRow':
      throw ctx.errorAt('unexpected-table', 'Expected a statement, found a table row (tables are indented under the line they belong to).', i, first);
    case 'withLine':
    case 'withTable':
      throw ctx.errorAt('unexpected-with', "Expected a statement, found 'with' (indent it under an 'emit' line).", i, first);
    case 'stateDecl':
      throw ctx.errorAt('unexpected-state', 'Expected a statement, found a state declaration (write it under machine:).', i, first);
    case 'assertion':
      throw ctx.errorAt('unexpected-assertion', "Expected a statement, found an assertion (put it under 'expect:').", i, first);
    case 'uses':
    case 'responses':
    case 'assume':
    case 'observe':
    case 'withScenario':
    case 'withGiven':
    case 'withEvent':
    case 'withContext':
      throw ctx.expected('a statement', i, first, 'unexpected-line');
    default:
      return parseActionLine(ctx, i, i + 1, end);
  }
}

/**
 * guard_branch = guard_line { guard_line } ( INDENT block DEDENT | (* gate *) ) where the lines after
 * the first are `?` or `??` lines at the same indentation with no blank line between them.
 */
function parseGuardGroup(ctx: ParseContext, i: number, base: number, to: number, depth: number): { branch: GuardBranch; next: number } {
  const lines: GuardLine[] = [];
  let at = i;
  for (;;) {
    const guard = parseGuardLine(ctx, at);
    if (guard !== undefined) {
      if (lines.length === 0 && guard.op === '??') {
        ctx.reportAt('or-guard-without-guard', "Expected a '?' line before '??', found '??' first.", at, ctx.tokens(at)[0]);
      }
      lines.push(guard);
    }
    const end = ctx.childrenEnd(at, base, to);
    if (end > at + 1) {
      const body = parseBlock(ctx, at + 1, end, depth + 1);
      return { branch: { kind: 'GuardBranch', lines: exact(lines), body, loc: ctx.loc(i) }, next: end };
    }
    const next = at + 1;
    const kind = next < to ? ctx.kind(next) : 'blank';
    if ((kind === 'guard' || kind === 'orGuard') && ctx.indent(next) === base) {
      at = next;
      continue;
    }
    return { branch: { kind: 'GuardBranch', lines: exact(lines), loc: ctx.loc(i) }, next };
  }
}

/** guard_line = ( "?" | "??" ) condition */
function parseGuardLine(ctx: ParseContext, i: number): GuardLine | undefined {
  const tokens = ctx.tokens(i);
  const c = new Cursor(ctx, i, tokens, 1);
  const op = (tokens[0] as Token).text as '?' | '??';
  try {
    if (c.atEnd()) throw c.fail(`a condition after '${op}'`, 'expected-condition');
    const condition = parseCondition(c);
    return { kind: 'GuardLine', op, condition, text: c.text(1), loc: ctx.loc(i) };
  } catch (error) {
    ctx.add(toDiagnostic(error));
    return undefined;
  }
}

/** for_each = "for each" name "in" state { "," state } EOL INDENT block DEDENT */
function parseForEach(ctx: ParseContext, i: number, end: number, depth: number): ForEach {
  const c = new Cursor(ctx, i, ctx.tokens(i), 2);
  const alias = c.peek();
  if (alias?.kind !== 'word' || alias.text.includes('.')) throw c.fail("a name after 'for each'");
  c.next();
  c.expectWord('in', "'in' after the name");
  const states: string[] = [];
  do states.push(c.expectKind('state', 'a state', 'expected-state').text);
  while (c.eatPunct(','));
  if (!c.atEnd()) throw c.fail("',' or end of line");
  const body = parseBlock(ctx, i + 1, end, depth + 1);
  if (end === i + 1) ctx.report('expected-block', "Expected an indented block under 'for each', found none.", i);
  return { kind: 'ForEach', alias: alias.text, states, body, loc: ctx.loc(i) };
}

// Every way through one handler's body: which guards held, which state it moved to, and what it did
// on the way. `? x is in #s` conditions become state restrictions instead of guard text, because the
// diagram draws them as the edge's source (LANGUAGE.md §7.3).
import { printCondition, printExpr, type Condition, type ContextOp, type GuardBranch, type GuardChain, type Handler, type Statement } from '@eventflow/language';
import type { BranchMark } from './model.ts';
import { replyText } from './status-text.ts';

export interface EmitSummary {
  readonly event: string;
  /** `@payment`, `@self` or an outside actor. */
  readonly machine: string;
  /** `to all @m` */
  readonly all: boolean;
}

export interface HandlerPath {
  readonly guards: readonly string[];
  /** The last branch taken, to tell branches of one chain apart. */
  readonly branch?: BranchMark;
  /** The path runs only in these states (from `? x is in #s`). */
  readonly only?: readonly string[];
  /** The path never runs in these states (the else of an `is in` branch). */
  readonly except: readonly string[];
  /** The last `moves to` (§3.7: the last one wins). */
  readonly target?: string;
  readonly actions: readonly string[];
  readonly emits: readonly EmitSummary[];
  readonly replies: readonly string[];
  /** Something happened besides evaluating guards: the path is worth a self-transition. */
  readonly effects: boolean;
}

/** A handler with many chains has exponentially many paths; a diagram beyond this is unreadable anyway. */
const MAX_PATHS = 64;

const EMPTY: HandlerPath = { guards: [], except: [], actions: [], emits: [], replies: [], effects: false };

export function handlerPaths(handler: Handler): HandlerPath[] {
  const chains = new Map<GuardChain, number>();
  return walk(handler.body, 0, EMPTY, chains).slice(0, MAX_PATHS);
}

function walk(block: readonly Statement[], index: number, path: HandlerPath, chains: Map<GuardChain, number>): HandlerPath[] {
  let current = path;
  for (let i = index; i < block.length; i++) {
    const statement = block[i] as Statement;
    if (statement.kind !== 'GuardChain') {
      current = step(current, statement, chains);
      continue;
    }
    const rest = (p: HandlerPath) => walk(block, i + 1, p, chains);
    return chain(statement, current, chains).flatMap((fork) => {
      if (fork.stop) return fork.path.effects ? [fork.path] : [];
      return walk(fork.body, 0, fork.path, chains).flatMap(rest).slice(0, MAX_PATHS);
    });
  }
  return [current];
}

function step(path: HandlerPath, statement: Statement, chains: Map<GuardChain, number>): HandlerPath {
  switch (statement.kind) {
    case 'Transition':
      return { ...path, target: statement.state, effects: true };
    case 'Emit':
      return withEmit(path, statement.event, statement.target.machine, statement.target.all);
    case 'ContextOp': {
      const acted = { ...path, actions: [...path.actions, contextText(statement)], effects: true };
      return statement.emit ? withEmit(acted, statement.emit.event, statement.emit.target.machine, statement.emit.target.all) : acted;
    }
    case 'Reply':
      return { ...path, replies: [...path.replies, replyText(statement.status, statement.reason)], effects: true };
    case 'Schedule':
      return { ...path, actions: [...path.actions, `schedule ${statement.event} for ${printExpr(statement.delay)} ${statement.unit}`], effects: true };
    case 'Action':
      return { ...path, actions: [...path.actions, statement.text], effects: true };
    case 'ForEach':
      // The loop body runs per matching instance; the diagram shows what one round does.
      return walk(statement.body, 0, path, chains)[0] ?? path;
    case 'GuardChain':
      return path;
  }
}

function withEmit(path: HandlerPath, event: string, machine: string, all: boolean): HandlerPath {
  return { ...path, emits: [...path.emits, { event, machine, all }], effects: true };
}

const CONTEXT_VERBS: Record<ContextOp['op'], string> = {
  becomes: 'becomes',
  increases: 'increases by',
  decreases: 'decreases by',
  adds: 'adds',
  removes: 'removes',
  clears: 'clears',
};

function contextText(op: ContextOp): string {
  const value = op.emit ? `emit ${op.emit.event} to ${op.emit.target.machine}` : op.value ? printExpr(op.value) : '';
  return `$${op.variable} ${CONTEXT_VERBS[op.op]}${value ? ` ${value}` : ''}`;
}

interface Fork {
  readonly path: HandlerPath;
  readonly body: readonly Statement[];
  /** A failed gate: the rest of the enclosing block is skipped. */
  readonly stop: boolean;
}

/** One fork per branch, plus the else (written `otherwise`, or the implicit fall-through). */
function chain(statement: GuardChain, path: HandlerPath, chains: Map<GuardChain, number>): Fork[] {
  const number = chains.get(statement) ?? chains.size + 1;
  chains.set(statement, number);
  const count = statement.branches.length + 1;
  const forks: Fork[] = [];
  const excluded: string[] = [];
  statement.branches.forEach((branch, k) => {
    const condition = splitCondition(branch);
    if (condition.only && !condition.text) excluded.push(...condition.only);
    const mark: BranchMark = { chain: number, index: k + 1, count, otherwise: false };
    forks.push({ path: restrict(path, condition, mark), body: branch.body ?? [], stop: false });
  });
  const gate = statement.branches.length === 1 && statement.branches[0]?.body === undefined && !statement.otherwise;
  const elseMark: BranchMark = { chain: number, index: count, count, otherwise: statement.otherwise !== undefined };
  const elsePath: HandlerPath = {
    ...path,
    guards: [...path.guards, statement.otherwise ? 'otherwise' : 'else'],
    branch: elseMark,
    except: [...path.except, ...excluded],
  };
  forks.push({ path: elsePath, body: statement.otherwise ?? [], stop: gate });
  return forks;
}

function restrict(path: HandlerPath, condition: SplitCondition, branch: BranchMark): HandlerPath {
  const only = condition.only ? (path.only ? path.only.filter((s) => condition.only?.includes(s)) : condition.only) : path.only;
  return {
    ...path,
    guards: condition.text ? [...path.guards, condition.text] : path.guards,
    branch,
    ...(only ? { only } : {}),
    except: [...path.except, ...condition.except],
  };
}

interface SplitCondition {
  /** The guard text left once `is in` parts are taken out; '' when nothing is left. */
  readonly text: string;
  readonly only?: readonly string[];
  readonly except: readonly string[];
}

/**
 * `? order is in #processing` restricts the source states; `? $x and order is in #a` restricts and
 * keeps `$x` as text. A group with `??` (an OR) is kept whole as text.
 */
function splitCondition(branch: GuardBranch): SplitCondition {
  if (branch.lines.some((line) => line.op === '??')) {
    return { text: branch.lines.map((line, i) => (i === 0 ? line.text : `${line.op === '??' ? 'or' : 'and'} ${line.text}`)).join(' '), except: [] };
  }
  let only: string[] | undefined;
  const except: string[] = [];
  const texts: string[] = [];
  for (const line of branch.lines) {
    const parts = conjuncts(line.condition);
    const kept = parts.filter((part) => {
      if (part.kind !== 'InState') return true;
      if (part.negated) except.push(...part.states);
      else only = only ? only.filter((s) => part.states.includes(s)) : [...part.states];
      return false;
    });
    if (kept.length === parts.length) texts.push(line.text);
    else if (kept.length > 0) texts.push(kept.map(printCondition).join(' and '));
  }
  return { text: texts.join(' and '), ...(only ? { only } : {}), except };
}

function conjuncts(condition: Condition): Condition[] {
  return condition.kind === 'And' ? [...conjuncts(condition.left), ...conjuncts(condition.right)] : [condition];
}

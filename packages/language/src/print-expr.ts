// Canonical printing of expressions and conditions. `parse` of the printed text gives the same tree.

import type { Condition, Expr } from './ast.ts';

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function precedence(expr: Expr): number {
  if (expr.kind !== 'Binary') return 3;
  return expr.op === '+' || expr.op === '-' ? 1 : 2;
}

/** An expression as `.flow` text. */
export function printExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'Literal':
      if (typeof expr.value === 'string') return quoted(expr.value);
      if (typeof expr.value === 'number') return Object.is(expr.value, -0) ? '-0' : String(expr.value);
      return String(expr.value);
    case 'EmptyValue':
      return 'empty';
    case 'CurrentState':
      return 'current_state';
    case 'Var':
      return `$${expr.path.join('.')}`;
    case 'ActorField':
      return [expr.actor, ...expr.path].join('.');
    case 'Name':
      return expr.path.join('.');
    case 'Word':
      return expr.text;
    case 'StateRef':
      return expr.state;
    case 'Array':
      return `[${expr.items.map(printExpr).join(', ')}]`;
    case 'Object':
      return `{${expr.entries.map(([key, value]) => `${IDENT.test(key) ? key : quoted(key)}: ${printExpr(value)}`).join(', ')}}`;
    case 'Call':
      return `${expr.name}(${expr.args.map(printExpr).join(', ')})`;
    case 'Binary': {
      const p = precedence(expr);
      const left = precedence(expr.left) < p ? `(${printExpr(expr.left)})` : printExpr(expr.left);
      const right = precedence(expr.right) <= p ? `(${printExpr(expr.right)})` : printExpr(expr.right);
      return `${left} ${expr.op} ${right}`;
    }
  }
}

function conditionPrecedence(condition: Condition): number {
  switch (condition.kind) {
    case 'Or':
      return 1;
    case 'And':
      return 2;
    case 'Not':
      return 3;
    default:
      return 4;
  }
}

/** `or` < `and` < `not`; parentheses only where the tree needs them (binary forms lean left). */
export function printCondition(condition: Condition): string {
  switch (condition.kind) {
    case 'Or':
    case 'And': {
      const p = conditionPrecedence(condition);
      const left = conditionPrecedence(condition.left) < p ? `(${printCondition(condition.left)})` : printCondition(condition.left);
      const right = conditionPrecedence(condition.right) <= p ? `(${printCondition(condition.right)})` : printCondition(condition.right);
      return `${left} ${condition.kind === 'And' ? 'and' : 'or'} ${right}`;
    }
    case 'Not': {
      const operand = conditionPrecedence(condition.operand) < 3 ? `(${printCondition(condition.operand)})` : printCondition(condition.operand);
      return `not ${operand}`;
    }
    case 'InState':
      return `${condition.subject} is ${condition.negated ? 'not ' : ''}in ${condition.states.join(', ')}`;
    case 'Compare':
      return `${printExpr(condition.left)} ${condition.phrase} ${printExpr(condition.right)}`;
    case 'Between':
      return `${printExpr(condition.value)} is between ${printExpr(condition.low)} and ${printExpr(condition.high)}`;
    case 'Contains':
      return `${printExpr(condition.collection)} contains ${printExpr(condition.item)}`;
    case 'Empty':
      return `${printExpr(condition.value)} is ${condition.negated ? 'not ' : ''}empty`;
    case 'Truthy':
      return printExpr(condition.value);
    case 'Text':
      return condition.text;
  }
}

/** A string literal as .flow reads it back: JSON's escapes, plus DEL, which the lexer refuses raw even in strings. */
export function quoted(value: string): string {
  return JSON.stringify(value).replace(/\x7f/g, '\\u007f');
}

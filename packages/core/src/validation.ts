// Validation rules of `with:` tables and post-action context tables (LANGUAGE.md §3.8.5, §3.9.3).
import type { TypeName, ValidationRule } from '@eventflow/language';
import type { FieldProblem } from './errors.ts';
import type { RuleFn } from './bindings.ts';

/** Finds a custom validation rule by name (a binding registered with `b.rule`). */
export type RuleLookup = (name: string) => RuleFn | undefined;

const KNOWN = new Set(['required', 'optional', 'bail', 'string', 'number', 'integer', 'boolean', 'array', 'object',
  'greater than', 'less than', 'at least', 'at most', 'between', 'min characters', 'max characters',
  'valid email', 'valid uuid', 'valid url', 'one of']);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Checks one value against its rules; returns every problem (or stops at the first with `bail`). */
export async function checkRules(
  field: string,
  value: unknown,
  rules: readonly ValidationRule[],
  custom: RuleLookup,
): Promise<FieldProblem[]> {
  const problems: FieldProblem[] = [];
  const names = rules.map((r) => (r.text || r.name).trim());
  const bail = names.includes('bail');
  const present = value !== undefined && value !== null;
  if (!present && names.includes('optional') && !names.includes('required')) return problems;
  for (const rule of rules) {
    const name = (rule.text || rule.name).trim();
    if (name === 'bail' || name === 'optional') continue;
    const verdict = await checkRule(value, rule, custom);
    if (verdict !== true) {
      problems.push({ field, rule: name, message: verdict });
      if (bail) break;
    }
  }
  return problems;
}

/** Reads a rule from its text, so any parser spelling of name/args gives the same rule. */
export function interpretRule(text: string): { name: string; args: (string | number)[] } {
  const t = text.trim();
  let m = /^(greater than|less than|at least|at most)\s+(-?\d+(?:\.\d+)?)$/.exec(t);
  if (m) return { name: m[1] as string, args: [Number(m[2])] };
  m = /^between\s+(-?\d+(?:\.\d+)?)\s+and\s+(-?\d+(?:\.\d+)?)$/.exec(t);
  if (m) return { name: 'between', args: [Number(m[1]), Number(m[2])] };
  m = /^(min|max)\s+(\d+)\s+characters?$/.exec(t);
  if (m) return { name: `${m[1]} characters`, args: [Number(m[2])] };
  m = /^one of\s+(.+)$/.exec(t);
  if (m) {
    const items = [...(m[1] as string).matchAll(/"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?)|([^\s,]+)/g)];
    return { name: 'one of', args: items.map((x) => (x[1] !== undefined ? JSON.parse(`"${x[1]}"`) : x[2] !== undefined ? Number(x[2]) : x[3])) };
  }
  const words = t.split(/\s+/);
  return { name: t, args: words.length > 1 && /^-?\d/.test(words.at(-1) as string) ? [Number(words.at(-1))] : [] };
}

async function checkRule(value: unknown, parsed: ValidationRule, custom: RuleLookup): Promise<true | string> {
  const rule = { ...interpretRule(parsed.text || parsed.name), text: parsed.text || parsed.name };
  if (!KNOWN.has(rule.name) && custom(parsed.name)) Object.assign(rule, { name: parsed.name, args: [...parsed.args] });
  const [a, b] = rule.args;
  const number = typeof value === 'number' ? value : undefined;
  const text = typeof value === 'string' ? value : undefined;
  switch (rule.name) {
    case 'required':
      return value !== undefined && value !== null && value !== '' ? true : 'is required';
    case 'string':
    case 'number':
    case 'integer':
    case 'boolean':
    case 'array':
    case 'object':
      return hasType(value, rule.name) ? true : `must be ${article(rule.name)} ${rule.name}, got ${describe(value)}`;
    case 'greater than':
      return number !== undefined && number > Number(a) ? true : `must be greater than ${a}, got ${describe(value)}`;
    case 'less than':
      return number !== undefined && number < Number(a) ? true : `must be less than ${a}, got ${describe(value)}`;
    case 'at least':
      return number !== undefined && number >= Number(a) ? true : `must be at least ${a}, got ${describe(value)}`;
    case 'at most':
      return number !== undefined && number <= Number(a) ? true : `must be at most ${a}, got ${describe(value)}`;
    case 'between':
      return number !== undefined && number >= Number(a) && number <= Number(b)
        ? true
        : `must be between ${a} and ${b}, got ${describe(value)}`;
    case 'min characters':
      return text !== undefined && text.length >= Number(a) ? true : `must have at least ${a} characters`;
    case 'max characters':
      return text !== undefined && text.length <= Number(a) ? true : `must have at most ${a} characters`;
    case 'valid email':
      return text !== undefined && EMAIL.test(text) ? true : `must be a valid email, got ${describe(value)}`;
    case 'valid uuid':
      return text !== undefined && UUID.test(text) ? true : `must be a valid uuid, got ${describe(value)}`;
    case 'valid url':
      return text !== undefined && URL.canParse(text) ? true : `must be a valid url, got ${describe(value)}`;
    case 'one of':
      return rule.args.includes(value as string | number)
        ? true
        : `must be one of ${rule.args.map((x) => JSON.stringify(x)).join(', ')}, got ${describe(value)}`;
    default: {
      const fn = custom(rule.name);
      if (!fn) return `unknown validation rule '${rule.text}' (register it with b.rule('${rule.name}', ...))`;
      const verdict = await fn(value, ...rule.args);
      return verdict === true ? true : typeof verdict === 'string' ? verdict : `fails '${rule.text}'`;
    }
  }
}

export function hasType(value: unknown, type: TypeName): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return value !== null && typeof value === 'object' && !Array.isArray(value);
  }
}

/** The value `empty` takes for an annotated type (LANGUAGE.md §1.6). */
export function emptyOf(type: TypeName | undefined): unknown {
  if (type === 'object') return {};
  if (type === 'string') return '';
  return [];
}

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

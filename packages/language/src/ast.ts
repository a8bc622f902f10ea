// The syntax tree of a .flow / .test.flow file. Names keep their sigils (`@order`, `:checkout`,
// `#paid`) except context variables, which are stored without `$` (`total`), as the runtime keys them.
// Every node has `loc`; printers and equality checks ignore it.

/** Where a node starts in its file (for diagnostics). */
export interface Location {
  /** File name as given to `new Source(body, name)`. */
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** 1-based column (in UTF-16 code units). */
  readonly column: number;
}

/** One parsed `.flow` or `.test.flow` file: its system, machines, tests, or top-level statements. */
export interface FlowFile {
  readonly kind: 'FlowFile';
  readonly file: string;
  readonly system?: SystemDecl;
  readonly machines: readonly MachineDecl[];
  readonly tests: readonly TestDecl[];
  /**
   * Statements written outside any handler before the first `system:`/`machine:`/`test:` header
   * (documentation fragments such as a lone `emit ...` line). The runtime ignores them.
   */
  readonly statements?: readonly Statement[];
  readonly loc: Location;
}

/** `system: checkout` and its `uses:` lines. */
export interface SystemDecl {
  readonly kind: 'System';
  readonly name: string;
  readonly uses: readonly UsesLine[];
  readonly loc: Location;
}

/** `@payment from "./payment.flow"` */
export interface UsesLine {
  readonly kind: 'Uses';
  readonly machine: string;
  readonly path: string;
  readonly loc: Location;
}

/** `machine: @order`: its states, scenarios and handlers. */
export interface MachineDecl {
  readonly kind: 'Machine';
  /** `@order`; '' for an implicit machine. */
  readonly name: string;
  /** Handlers, scenarios or states written before any `machine:` header (fragments); `name` is ''. */
  readonly implicit?: boolean;
  /** Bare `#state` lines: informational declarations. */
  readonly states: readonly StateDecl[];
  /** Handlers written straight under `machine:` live in a scenario with `name: undefined`. */
  readonly scenarios: readonly Scenario[];
  /** `responses:` block: named reusable replies. */
  readonly responses: readonly NamedResponse[];
  readonly loc: Location;
}

/** A state the machine declares (`#paid`). */
export interface StateDecl {
  readonly kind: 'StateDecl';
  readonly state: string;
  readonly loc: Location;
}

/** A named reply body declared once and used by `reply ... with <name>`. */
export interface NamedResponse {
  readonly kind: 'NamedResponse';
  readonly name: string;
  readonly fields: readonly KeyValue[];
  readonly loc: Location;
}

/** `scenario: checkout flow`: its givens, handlers and `expect:` assertions. */
export interface Scenario {
  readonly kind: 'Scenario';
  readonly name?: string;
  readonly given: readonly GivenLine[];
  readonly handlers: readonly Handler[];
  readonly expect: readonly Assertion[];
  readonly loc: Location;
}

/** The priority of a handler's events in the machine's queue (`(priority high)`). */
export type Priority = 'critical' | 'high' | 'normal' | 'low' | 'bulk';

/** `on :event from @sender`: the statements run when the event arrives. */
export interface Handler {
  readonly kind: 'Handler';
  /** `:checkout` */
  readonly event: string;
  /** `@customer`; absent = accepts any sender. */
  readonly from?: string;
  /** `(api)` or the older `on>` prefix. */
  readonly api: boolean;
  /** Written as `on>` (kept so a printer can round-trip the older spelling). */
  readonly legacyApi: boolean;
  /** `(queued api)` */
  readonly queued: boolean;
  readonly priority?: Priority;
  /** `triggered: every day at 02:00` — the schedule text after `every`. */
  readonly triggered?: string;
  readonly given: readonly GivenLine[];
  readonly body: readonly Statement[];
  readonly expect: readonly Assertion[];
  readonly loc: Location;
}

// ---------------------------------------------------------------------------------------------
// Statements

/** One line of a handler: a transition, context operation, emit, guard, reply, schedule and the like. */
export type Statement =
  | Transition
  | ContextOp
  | Emit
  | Reply
  | ScheduleStmt
  | ActionText
  | GuardChain
  | ForEach;

/** `order moves to #paid` (verbs: moves to, transitions to, enters, becomes, changes to). */
export interface Transition {
  readonly kind: 'Transition';
  readonly subject: string;
  readonly verb: 'moves to' | 'transitions to' | 'enters' | 'becomes' | 'changes to';
  readonly state: string;
  readonly loc: Location;
}

/** The value types a `with:` table or a `$variable: type` annotation names. */
export type TypeName = 'string' | 'number' | 'boolean' | 'array' | 'object' | 'integer';

/** The verb of a context operation (`$total becomes 5`). */
export type ContextOpKind = 'becomes' | 'increases' | 'decreases' | 'adds' | 'removes' | 'clears';

/** `$total becomes 5`, `$n increases by 1`, `$items adds $item`, `$items clears`, `$r becomes emit ...` */
export interface ContextOp {
  readonly kind: 'ContextOp';
  /** Without `$`; may be dotted: `payment.status`. */
  readonly variable: string;
  readonly type?: TypeName;
  readonly op: ContextOpKind;
  /** Absent for `clears`, and for `becomes emit` (see `emit`). */
  readonly value?: Expr;
  /** `$result becomes emit :e to @m` — a synchronous request whose outcome is stored. */
  readonly emit?: Emit;
  /** Post-action validation table written under this line: `| $renewals | required, integer |`. */
  readonly validation?: readonly ValidationRow[];
  readonly loc: Location;
}

/** One row of a validation table: a variable and the rules its value must pass. */
export interface ValidationRow {
  readonly kind: 'ValidationRow';
  /** Without `$`. */
  readonly variable: string;
  readonly rules: readonly ValidationRule[];
  readonly loc: Location;
}

/** One rule of a validation cell: `between 0 and 3` -> { name: 'between', args: [0, 3] }. */
export interface ValidationRule {
  readonly name: string;
  readonly args: readonly (string | number)[];
  /** The rule as written, e.g. `between 0 and 3`. */
  readonly text: string;
}

/** Who an `emit` goes to: a machine, `@self`, or `all @m` (broadcast). */
export interface EmitTarget {
  /** `@payment`, or `@self`. */
  readonly machine: string;
  /** `to all @m` — broadcast. */
  readonly all: boolean;
  /** `to all @m in #a, #b` */
  readonly states: readonly string[];
}

/** `emit :payment_request to @payment`, with the data it carries. */
export interface Emit {
  readonly kind: 'Emit';
  readonly event: string;
  readonly target: EmitTarget;
  /** `emit async` */
  readonly async: boolean;
  readonly with?: WithClause;
  readonly loc: Location;
}

/** How a payload was written; the payload is always `fields` in order. */
export type WithForm = 'vars' | 'pairs' | 'table';

/** The `with ...` part of an emit or reply: inline fields, a table, or variables. */
export interface WithClause {
  readonly kind: 'With';
  readonly form: WithForm;
  /** For `table`: the header row if one was written (`field | value | validation`), else absent. */
  readonly header?: readonly string[];
  readonly fields: readonly WithField[];
  readonly loc: Location;
}

/** One field of a `with` clause: its name, value and optional type. */
export interface WithField {
  readonly name: string;
  readonly value: Expr;
  readonly type?: TypeName;
  /** Rules of a `validation` column, checked by the receiver. */
  readonly validation?: readonly ValidationRule[];
}

/** A field name and the expression of its value. */
export interface KeyValue {
  readonly key: string;
  readonly value: Expr;
}

/** What a `reply` sends: fields, a named response, or a transformer's result. */
export type ReplyBody =
  | { readonly kind: 'fields'; readonly fields: readonly KeyValue[] }
  | { readonly kind: 'named'; readonly name: string }
  | { readonly kind: 'transformer'; readonly name: string }
  | { readonly kind: 'none' };

/** `reply 201 created with:` + table, `reply 200 with summary`, `reply 200 with ^summary`. */
export interface Reply {
  readonly kind: 'Reply';
  readonly status: number;
  readonly reason?: string;
  readonly body: ReplyBody;
  readonly loc: Location;
}

/** Units of `schedule ... for N <unit>`. */
export type TimeUnit = 'seconds' | 'minutes' | 'hours' | 'days';

/** `schedule :retry for $delay seconds` */
export interface ScheduleStmt {
  readonly kind: 'Schedule';
  readonly event: string;
  readonly delay: Expr;
  readonly unit: TimeUnit;
  readonly loc: Location;
}

/** Free text resolved through an action binding: `process card`, `send email to @customer`. */
export interface ActionText {
  readonly kind: 'Action';
  /** Normalised: trimmed, runs of spaces collapsed, comments stripped. */
  readonly text: string;
  readonly loc: Location;
}

/** One `?` or `??` line. */
export interface GuardLine {
  readonly kind: 'GuardLine';
  readonly op: '?' | '??';
  readonly condition: Condition;
  /** The condition text as written (normalised); a binding for this exact text overrides built-ins. */
  readonly text: string;
  readonly loc: Location;
}

/**
 * A guard group plus its body. The group's value is OR over conjuncts, where each `??` line starts a
 * new conjunct and `?` lines AND into the current one: `? A`, `? B`, `?? C` = (A and B) or C.
 * `body: undefined` makes the group a gate over the rest of the enclosing block.
 */
export interface GuardBranch {
  readonly kind: 'GuardBranch';
  readonly lines: readonly GuardLine[];
  readonly body?: readonly Statement[];
  readonly loc: Location;
}

/** Branches tried in order against the state at the start of the chain; first match wins. */
export interface GuardChain {
  readonly kind: 'GuardChain';
  readonly branches: readonly GuardBranch[];
  readonly otherwise?: readonly Statement[];
  /** How the else branch was spelled. */
  readonly elseSpelling?: 'otherwise' | '?' | ': else';
  readonly loc: Location;
}

/** `for each loan in #reserved, #held` (under `triggered:`). */
export interface ForEach {
  readonly kind: 'ForEach';
  readonly alias: string;
  readonly states: readonly string[];
  readonly body: readonly Statement[];
  readonly loc: Location;
}

// ---------------------------------------------------------------------------------------------
// Conditions (guards, assertions, assume keys)

/** The comparison operators of conditions. */
export type CompareOp = '==' | '!=' | '>' | '<' | '>=' | '<=';

/** The condition of a `?` guard: a comparison, a state test, a free-text line, and `and` / `or` / `not` of those. */
export type Condition =
  | { readonly kind: 'And'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'Or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'Not'; readonly operand: Condition }
  /** `order is in #paid`, `order is not in #a` (several states: `is in #a, #b`). */
  | { readonly kind: 'InState'; readonly subject: string; readonly negated: boolean; readonly states: readonly string[] }
  /** `phrase` keeps the spelling: `is greater than`, `>`, `equals`, `is`, `is not`, ... */
  | { readonly kind: 'Compare'; readonly op: CompareOp; readonly phrase: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'Between'; readonly value: Expr; readonly low: Expr; readonly high: Expr }
  | { readonly kind: 'Contains'; readonly collection: Expr; readonly item: Expr }
  | { readonly kind: 'Empty'; readonly value: Expr; readonly negated: boolean }
  /** `$flag`, `$result.success`, `check($x)` */
  | { readonly kind: 'Truthy'; readonly value: Expr }
  /** Natural-language condition resolved through a guard binding. */
  | { readonly kind: 'Text'; readonly text: string };

// ---------------------------------------------------------------------------------------------
// Expressions

/** The arithmetic operators of expressions. */
export type BinaryOp = '+' | '-' | '*' | '/';

/** A value: a literal, `$variable`, event field, arithmetic, list or call. */
export type Expr =
  | { readonly kind: 'Literal'; readonly value: string | number | boolean | null }
  /** The `empty` keyword; its value follows the annotated type ([] by default). */
  | { readonly kind: 'EmptyValue' }
  /** `$a.b` -> path ['a', 'b'] (payload first, then context). */
  | { readonly kind: 'Var'; readonly path: readonly string[] }
  /** `@reviewer.id` */
  | { readonly kind: 'ActorField'; readonly actor: string; readonly path: readonly string[] }
  /** A bare identifier operand in a comparison (`amount < 1000`): resolved like a variable. */
  | { readonly kind: 'Name'; readonly path: readonly string[] }
  /** A bare word that is not an expression (table cells, `yesterday`): its text. */
  | { readonly kind: 'Word'; readonly text: string }
  | { readonly kind: 'Array'; readonly items: readonly Expr[] }
  | { readonly kind: 'Object'; readonly entries: readonly (readonly [string, Expr])[] }
  /** `uuid()`, `now()`, or a call resolved through a binding. */
  | { readonly kind: 'Call'; readonly name: string; readonly args: readonly Expr[] }
  | { readonly kind: 'Binary'; readonly op: BinaryOp; readonly left: Expr; readonly right: Expr }
  /** `current_state` (rendered without `#`). */
  | { readonly kind: 'CurrentState' }
  /** `#paid` used as a value. */
  | { readonly kind: 'StateRef'; readonly state: string };

// ---------------------------------------------------------------------------------------------
// given: lines

/** A line of a `given:` / `with scenario:` block: a state, a variable's value, or a free-text given. */
export type GivenLine =
  /** `order is in #pending` */
  | { readonly kind: 'GivenState'; readonly subject: string; readonly state: string; readonly text: string; readonly loc: Location }
  /** `$total is 5`, `$total: number is 5`, `$items: array contains $x` */
  | {
      readonly kind: 'GivenVar';
      readonly variable: string;
      readonly type?: TypeName;
      readonly op: 'is' | 'contains';
      readonly value: Expr;
      readonly text: string;
      readonly loc: Location;
    }
  /** `cart contains:` + table (first row is the header; cells are raw text). */
  | {
      readonly kind: 'GivenTable';
      readonly text: string;
      readonly header: readonly string[];
      readonly rows: readonly (readonly string[])[];
      readonly loc: Location;
    }
  /** `items: [...]` style key/value lines (used in `with event:`). */
  | { readonly kind: 'GivenField'; readonly key: string; readonly value: Expr; readonly text: string; readonly loc: Location }
  /** Free text resolved through a given binding. */
  | { readonly kind: 'GivenText'; readonly text: string; readonly loc: Location };

// ---------------------------------------------------------------------------------------------
// Assertions (`= ...` lines)

/** A line of `expect:` or of a test case: `= order is in #paid`, `= @customer received :x`, and the like. */
export type Assertion =
  /** `= order is in #paid`, `is not in`, `has entered`, `has been in`, `has never been in` */
  | {
      readonly kind: 'AssertState';
      readonly subject: string;
      readonly mode: 'is in' | 'is not in' | 'has entered' | 'has been in' | 'has never been in';
      readonly state: string;
      readonly text: string;
      readonly loc: Location;
    }
  /** `= $v equals 5`, `= $v is greater than 3`, `= $v is empty`, `= $v contains "x"`, ... */
  | { readonly kind: 'AssertCondition'; readonly condition: Condition; readonly text: string; readonly loc: Location }
  /** `= $items has 3 items` (count) / `= $items has items` (count absent = at least one) */
  | { readonly kind: 'AssertCount'; readonly variable: string; readonly count?: number; readonly text: string; readonly loc: Location }
  /** `= $shipped_at is after $paid_at` */
  | { readonly kind: 'AssertAfter'; readonly left: Expr; readonly right: Expr; readonly text: string; readonly loc: Location }
  /** `= $approvals increased` / `decreased` */
  | {
      readonly kind: 'AssertChanged';
      readonly variable: string;
      readonly direction: 'increased' | 'decreased';
      readonly text: string;
      readonly loc: Location;
    }
  /**
   * `= @a received :e`, `= @a did not receive :e`, `= :e was emitted to @a`, `= :e was not emitted`,
   * `= @a received :e with $v`, `= :e was emitted with key: $v`, and indented `with reason: "x"` lines.
   */
  | {
      readonly kind: 'AssertEvent';
      readonly actor?: string;
      readonly event: string;
      readonly negated: boolean;
      readonly with: readonly KeyValue[];
      readonly text: string;
      readonly loc: Location;
    }
  /** `= send email was called`, `was not called`, `was called with:` + `key: value` lines */
  | {
      readonly kind: 'AssertCalled';
      readonly action: string;
      readonly negated: boolean;
      readonly with: readonly KeyValue[];
      readonly text: string;
      readonly loc: Location;
    }
  /** `= reply status is 201`, `= reply contains id`, `= reply total equals 5`, `= reply.id equals "o-1"` */
  | {
      readonly kind: 'AssertReply';
      readonly check: 'status' | 'contains' | 'equals';
      /** A field of the reply's body; dots reach into it (`customer.id`). */
      readonly key?: string;
      readonly value?: Expr;
      /** Written `reply.key …` (the docs' spelling) rather than `reply key …`. */
      readonly dotted?: boolean;
      readonly text: string;
      readonly loc: Location;
    }
  /** Free text resolved through an assert binding. */
  | { readonly kind: 'AssertText'; readonly text: string; readonly loc: Location };

// ---------------------------------------------------------------------------------------------
// .test.flow

/** `test: @loan` or `test: system checkout`: the variations of one `.test.flow` file. */
export interface TestDecl {
  readonly kind: 'Test';
  /** `test: @loan` */
  readonly machine?: string;
  /** `test: system library lending` */
  readonly system?: string;
  readonly scenarios: readonly TestScenario[];
  readonly loc: Location;
}

/** `for scenario: <name>`: the variations of one scenario. */
export interface TestScenario {
  readonly kind: 'TestScenario';
  /** `for scenario: borrow a book` */
  readonly name: string;
  /** `for :borrow:` / `for :reserve to @catalog:` groups (transition tests). */
  readonly groups: readonly EventGroup[];
  /** Cases directly under `for scenario:` (path-divergence tests). */
  readonly cases: readonly TestCase[];
  readonly loc: Location;
}

/** `for :event:` (optionally `to @m`): the cases that start with that event. */
export interface EventGroup {
  readonly kind: 'EventGroup';
  readonly event: string;
  readonly machine?: string;
  readonly cases: readonly TestCase[];
  readonly loc: Location;
}

/** One named variation: its scenario state, event, path, assumptions and assertions. */
export interface TestCase {
  readonly kind: 'TestCase';
  readonly name: string;
  readonly withScenario: readonly GivenLine[];
  readonly withGiven: readonly GivenLine[];
  readonly withEvent: readonly GivenLine[];
  readonly withContext: readonly GivenLine[];
  readonly assume: readonly AssumeLine[];
  /** `observe:` action texts. */
  readonly observe: readonly string[];
  readonly steps: readonly PathStep[];
  readonly assertions: readonly Assertion[];
  readonly loc: Location;
}

/** A step of a test case's path: `after :e`, `receive :e from @m`, `then :e`. */
export interface PathStep {
  readonly kind: 'PathStep';
  readonly step: 'after' | 'receive' | 'then';
  readonly event: string;
  readonly from?: string;
  readonly loc: Location;
}

/** What an assumed action does in a test: succeed, return a value, or throw. */
export type AssumeOutcome =
  | { readonly kind: 'success' }
  | { readonly kind: 'returns'; readonly value: Expr }
  | { readonly kind: 'throws'; readonly value: Expr }
  | { readonly kind: 'triggers'; readonly event: string };

/** A line of `assume:`: a guard's value or an action's outcome, replacing its binding in that test. */
export type AssumeLine =
  /** `? book is available = false` (pattern may hold `*` and `{any}`) */
  | {
      readonly kind: 'AssumeGuard';
      readonly pattern: string;
      readonly value: boolean;
      /** Set when nested under `in :event`. */
      readonly event?: string;
      readonly loc: Location;
    }
  /** `charge card = success`, `returns {...}`, `throws "x"`, `with { amount: > 10 } triggers :e`, `@payment.process throws ...` */
  | {
      readonly kind: 'AssumeAction';
      readonly pattern: string;
      readonly outcome: AssumeOutcome;
      /** `with { amount: > 10000 }` matcher, kept as written. */
      readonly matcher?: string;
      /** `@payment.process throws` — scoped to one machine. */
      readonly machine?: string;
      readonly event?: string;
      readonly loc: Location;
    };

// What the diagrams show, as data: a machine's state graph and a lane (sequence) diagram. Derivers
// build these from flows or from stored records; renderers turn them into Mermaid, DOT/SVG and HTML.
import type { Location } from '@eventflow/language';

/** The pseudo-state a machine's creation handler starts from (LANGUAGE.md §7.3 draws it as `(start)`). */
export const START = '(start)';

/** A state of a state diagram (or the start point). */
export interface StateNode {
  /** `#processing`, or START. */
  readonly name: string;
  /** No transition leaves it to another state (§7.3: highlighted). */
  readonly final: boolean;
}

/** An arrow of a state diagram: the event, its guard and actions, from one state to another. */
export interface StateTransition {
  /** Unique within the graph (`t1`, `t2`...): the SVG element id and the key of its hover details. */
  readonly id: string;
  readonly from: string;
  /** Equal to `from` for a self-transition (a handler path that changes no state). */
  readonly to: string;
  /** `:payment_success` */
  readonly event: string;
  /** `@payment`, when the handler filters its sender. */
  readonly sender?: string;
  /** The guard path, outermost first: branch conditions as written, `otherwise` or `else`. */
  readonly guards: readonly string[];
  /** Which branch of which chain this is, so branches of one chain can be told apart. */
  readonly branch?: BranchMark;
  /** Free-text actions and context changes on this path, in order. */
  readonly actions: readonly string[];
  /** `:payment_request → @payment` */
  readonly emits: readonly string[];
  /** `202 Accepted` */
  readonly replies: readonly string[];
  /** The handler's `on` line. */
  readonly loc: Location;
}

/** Which guard chain of a handler, and which branch of it, a transition comes from. */
export interface BranchMark {
  /** 1-based number of the chain within its handler. */
  readonly chain: number;
  /** 1-based branch number; the else branch is `count`. */
  readonly index: number;
  readonly count: number;
  readonly otherwise: boolean;
}

/** One machine drawn as states and transitions. */
export interface StateGraph {
  /** `@order` */
  readonly machine: string;
  /** START first, then the states in order of first appearance. */
  readonly states: readonly StateNode[];
  readonly transitions: readonly StateTransition[];
}

/** A column of a lane diagram: an outside actor, a machine, or one instance. */
export interface Lane {
  /** Unique key: `@order`, or an instance id (`order-k2x9q1m7za`) in a diagram built from records. */
  readonly id: string;
  /** `@order`, `@order:k2x9q1m7za`, `@customer` */
  readonly label: string;
  /** An outside actor (`@customer`) or a machine (instance). */
  readonly kind: 'actor' | 'machine';
}

/** A row of a lane diagram: a message, a note, or a block (`alt`, `par`) of rows. */
export type LaneStep = LaneMessage | LaneNote | LaneBlock;

/** An event from one lane to another, in its conversation. */
export interface LaneMessage {
  readonly kind: 'message';
  readonly from: string;
  readonly to: string;
  /** `:payment_request`, or a reply's status text (`202 Accepted`). */
  readonly text: string;
  readonly reply: boolean;
  /** A short conversation name (`A`, or a stored id) shown beside the event. */
  readonly conversation?: string;
  /** Extra details for hover: payload, guard, sequence number. */
  readonly details?: readonly string[];
}

/** Text in one lane: a state entered (`#processing`) or an action run. */
export interface LaneNote {
  readonly kind: 'note';
  readonly lane: string;
  readonly text: string;
  /** Spans every lane: a heading such as the scenario's name. */
  readonly wide?: boolean;
}

/** Alternatives (`alt`: guard branches) or parallel branches (`par`: a fan-out of emits). */
export interface LaneBlock {
  readonly kind: 'block';
  readonly type: 'alt' | 'par';
  readonly branches: readonly { readonly label: string; readonly steps: readonly LaneStep[] }[];
}

/** A system drawn as lanes and the messages between them, in handler order. */
export interface LaneDiagram {
  readonly title: string;
  /** In order of first appearance (§7.3: the first appearance fixes the lane order). */
  readonly lanes: readonly Lane[];
  readonly steps: readonly LaneStep[];
}

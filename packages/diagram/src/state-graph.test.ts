import { describe, expect, it } from 'vitest';
import { START, type StateGraph } from './model.ts';
import { stateGraph } from './state-graph.ts';
import { checkoutFlows, fixture, machine } from './test-support/flows.ts';

/** `from -> to :event [guards]` per transition, for compact assertions. */
function edges(graph: StateGraph): string[] {
  return graph.transitions.map((t) => `${t.from} -> ${t.to} ${t.event}${t.guards.length ? ` [${t.guards.join(' / ')}]` : ''}`);
}

describe('stateGraph on the checkout order', () => {
  const graph = stateGraph(machine(checkoutFlows(), '@order'));

  it('starts with the creation event and gates failures on #processing', () => {
    expect(edges(graph)).toEqual([
      '(start) -> #processing :checkout',
      '#processing -> #confirmed :payment_success [$payment_ok and $fraud_ok and $stock_ok]',
      '#processing -> #processing :payment_success [else]',
      '#processing -> #confirmed :fraud_cleared [$payment_ok and $fraud_ok and $stock_ok]',
      '#processing -> #processing :fraud_cleared [else]',
      '#processing -> #confirmed :stock_reserved [$payment_ok and $fraud_ok and $stock_ok]',
      '#processing -> #processing :stock_reserved [else]',
      '#processing -> #payment_failed :payment_failed',
      '#processing -> #rejected :fraud_detected',
      '#processing -> #out_of_stock :out_of_stock',
      '#processing -> #cancelled :cancel_order',
    ]);
  });

  it('marks the states nothing leaves as final', () => {
    expect(graph.states.map((s) => `${s.name}${s.final ? ' (final)' : ''}`)).toEqual([
      START,
      '#processing',
      '#confirmed (final)',
      '#payment_failed (final)',
      '#rejected (final)',
      '#out_of_stock (final)',
      '#cancelled (final)',
    ]);
  });

  it('keeps what each path does for hover: emits, replies, actions and the handler line', () => {
    const checkout = graph.transitions[0];
    expect(checkout?.emits).toEqual([':payment_request → @payment', ':fraud_check → @fraud', ':reserve_stock → @inventory']);
    expect(checkout?.replies).toEqual(['202 Accepted']);
    expect(checkout?.actions).toEqual(['$items becomes $items', '$total becomes $total']);
    expect(checkout?.sender).toBe('@customer');
    expect(checkout?.loc).toMatchObject({ file: 'order.flow', line: 5 });
    const cancel = graph.transitions.find((t) => t.event === ':cancel_order');
    expect(cancel?.replies).toEqual(['200 OK']);
  });

  it('tells the branches of one chain apart', () => {
    const [yes, no] = graph.transitions.filter((t) => t.event === ':payment_success');
    expect(yes?.branch).toEqual({ chain: 1, index: 1, count: 2, otherwise: false });
    expect(no?.branch).toEqual({ chain: 1, index: 2, count: 2, otherwise: false });
  });
});

describe('stateGraph on small flows', () => {
  it('draws a chain with an OR group and otherwise behind a gate', () => {
    const graph = stateGraph(machine([fixture('loan.flow')], '@loan'));
    expect(edges(graph)).toEqual([
      '(start) -> #on_loan :borrow',
      '#on_loan -> #on_loan :remind',
      '#on_loan -> #closed_with_fine :return_book [$days_late > 30]',
      '#on_loan -> #closed_with_fine :return_book [$days_late > 0 or member is flagged]',
      '#on_loan -> #closed :return_book [otherwise]',
    ]);
    const otherwise = graph.transitions.at(-1);
    expect(otherwise?.branch).toEqual({ chain: 2, index: 3, count: 3, otherwise: true });
  });

  it('draws a handler that only emits as a self-transition carrying its emit', () => {
    const remind = stateGraph(machine([fixture('loan.flow')], '@loan')).transitions.find((t) => t.event === ':remind');
    expect(remind).toMatchObject({ from: '#on_loan', to: '#on_loan', emits: [':reminder → @member'], sender: '@clock' });
  });

  it('draws both branches of the checkout bank from (start)', () => {
    expect(edges(stateGraph(machine(checkoutFlows(), '@bank')))).toEqual([
      '(start) -> #authorized :authorize_card [card is valid]',
      '(start) -> #declined :authorize_card [otherwise]',
    ]);
  });

  it('runs an ungated handler in the states known to wait before it', () => {
    expect(edges(stateGraph(machine(checkoutFlows(), '@payment')))).toEqual([
      '(start) -> #authorizing :payment_request',
      '#authorizing -> #captured :card_authorized',
      '#authorizing -> #declined :card_declined',
    ]);
  });

  it('leaves out the else of an `is in` gate when no other state waits', () => {
    const cancels = stateGraph(machine(checkoutFlows(), '@order')).transitions.filter((t) => t.event === ':cancel_order');
    expect(cancels.map((t) => t.to)).toEqual(['#cancelled']);
  });
});

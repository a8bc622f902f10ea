// The same order <-> payment conversation written for the peers: XState v5 actors, and Emmett's
// in-memory event store with command handlers that read and append each stream.
import { CommandHandler, getInMemoryEventStore, type Event, type InMemoryEventStore } from '@event-driven-io/emmett';
import { assign, createActor, sendParent, sendTo, setup } from 'xstate';

// --- XState v5: the order actor invokes a payment actor while awaiting payment; it replies to its parent. ---

const paymentMachine = setup({
  types: { context: {} as { amount: number }, events: {} as { type: 'payment_request'; total: number } },
}).createMachine({
  id: 'payment',
  initial: 'idle',
  context: { amount: 0 },
  states: {
    idle: {
      on: {
        payment_request: {
          target: 'captured',
          actions: [assign({ amount: ({ event }) => event.total }), sendParent({ type: 'payment_success' })],
        },
      },
    },
    captured: { type: 'final' },
  },
});

const orderMachine = setup({
  types: {
    context: {} as { total: number },
    events: {} as { type: 'checkout'; total: number } | { type: 'payment_success' },
  },
  actors: { payment: paymentMachine },
}).createMachine({
  id: 'order',
  initial: 'idle',
  context: { total: 0 },
  states: {
    idle: { on: { checkout: { target: 'awaiting_payment', actions: assign({ total: ({ event }) => event.total }) } } },
    awaiting_payment: {
      invoke: { src: 'payment', id: 'payment' },
      entry: sendTo('payment', ({ context }) => ({ type: 'payment_request' as const, total: context.total })),
      on: { payment_success: 'paid' },
    },
    paid: { type: 'final' },
  },
});

/** Runs one checkout conversation with XState; returns the order actor's final state. */
export function xstateCheckout(total: number): string {
  const order = createActor(orderMachine).start();
  order.send({ type: 'checkout', total });
  return String(order.getSnapshot().value);
}

// --- Emmett: one stream per order and per payment; every step reads its stream, decides, appends. ---

type OrderEvent =
  | Event<'OrderCheckedOut', { orderId: string; total: number }>
  | Event<'PaymentSucceeded', { orderId: string; paymentId: string }>;
type PaymentEvent = Event<'PaymentCaptured', { paymentId: string; orderId: string; amount: number }>;

interface OrderState {
  readonly status: 'none' | 'awaiting_payment' | 'paid';
  readonly total: number;
}
interface PaymentState {
  readonly status: 'none' | 'captured';
  readonly orderId?: string;
}

const handleOrder = CommandHandler<OrderState, OrderEvent>({
  initialState: () => ({ status: 'none', total: 0 }),
  evolve: (state, event) =>
    event.type === 'OrderCheckedOut' ? { status: 'awaiting_payment', total: event.data.total } : { ...state, status: 'paid' },
});

const handlePayment = CommandHandler<PaymentState, PaymentEvent>({
  initialState: () => ({ status: 'none' }),
  evolve: (_state, event) => ({ status: 'captured', orderId: event.data.orderId }),
});

export function emmettStore(): InMemoryEventStore {
  return getInMemoryEventStore();
}

/** Runs one checkout conversation on Emmett; returns the order's final status. */
export async function emmettCheckout(store: InMemoryEventStore, orderId: string, paymentId: string, total: number): Promise<string> {
  await handleOrder(store, orderId, (state): OrderEvent[] =>
    state.status === 'none' ? [{ type: 'OrderCheckedOut', data: { orderId, total } }] : [],
  );
  // payment_request: a new payment instance for this order.
  const payment = await handlePayment(store, paymentId, (state): PaymentEvent[] =>
    state.status === 'none' ? [{ type: 'PaymentCaptured', data: { paymentId, orderId, amount: total } }] : [],
  );
  // payment_success: routed back by the order id the payment remembers.
  const replyTo = payment.newState.orderId ?? orderId;
  const result = await handleOrder(store, replyTo, (state): OrderEvent[] =>
    state.status === 'awaiting_payment' ? [{ type: 'PaymentSucceeded', data: { orderId: replyTo, paymentId } }] : [],
  );
  return result.newState.status;
}

// `npm start`: runs the checkout system on memory adapters (`npm run start:real`: MongoDB + Kafka). Four customers check out; then it prints
// each order's outcome, the conversation trail of one checkout, and time travel over that order.
import { displayId, isEventFlowError } from '@eventflow/core';
import { placeCheckouts } from './checkouts.ts';
import { causedBy, linkedState, table, timeTravel, trail } from './report.ts';
import { adapterKind } from './adapters.ts';
import { startCheckout } from './system.ts';

const system = await startCheckout(7, adapterKind(process.argv));
const { runtime, sent, errors, store } = system;
const placed = await placeCheckouts(runtime);

console.log('EventFlow checkout demo: @order talks to @payment (which asks @bank), @fraud and @inventory');
console.log(`Running on: ${system.adapters}\n`);
const rows: string[][] = [];
for (const { checkout, result } of placed) {
  const order = await runtime.state(result.aggregate_id);
  rows.push([
    displayId('@order', order.aggregate_id),
    checkout.label,
    String(checkout.total),
    order.state,
    order.history.join(' → '),
    await linkedState(runtime, order, '@payment'),
    await linkedState(runtime, order, '@fraud'),
    await linkedState(runtime, order, '@inventory'),
  ]);
}
console.log(table(['ORDER', 'CHECKOUT', 'TOTAL', 'STATE', 'STATES ENTERED', 'PAYMENT', 'FRAUD', 'INVENTORY'], rows));

const first = placed[0];
if (first) {
  const { result } = first;
  const order = displayId('@order', result.aggregate_id);
  console.log(`\nConversation trail of ${order} (${first.checkout.label}):\n`);
  const root = [':checkout', `@customer → ${order}`, result.conversation_id];
  console.log(await trail(root, causedBy(result.event_id, sent), store));
  console.log(`\nTime travel: ${order} rebuilt at each seq from its stored records:\n`);
  console.log(await timeTravel(runtime, result.aggregate_id));
}

console.log('\nA cancellation without an order id cannot be routed:\n');
try {
  await runtime.send({ event: ':cancel_order', to: '@order', from: '@customer' });
} catch (error) {
  console.log(isEventFlowError(error) ? String(error) : error);
}

if (errors.length > 0) {
  console.log(`\n${errors.length} event(s) failed inside the system:`);
  for (const error of errors) console.log(`  ${error instanceof Error ? error.message : String(error)}`);
}
await system.close();

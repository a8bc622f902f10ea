// The demo's customers: a normal order, a fraud-flagged one over 10000, a card the bank declines
// (over 5000) and an item that is out of stock.
import type { Runtime, SendResult } from '@eventflow/core';

export interface Checkout {
  readonly label: string;
  readonly total: number;
  readonly items: readonly { readonly sku: string; readonly qty: number }[];
}

export const CHECKOUTS: readonly Checkout[] = [
  { label: 'normal', total: 120, items: [{ sku: 'book', qty: 2 }] },
  { label: 'big (fraud check)', total: 12500, items: [{ sku: 'lamp', qty: 1 }] },
  { label: 'card declined', total: 7200, items: [{ sku: 'lamp', qty: 3 }] },
  { label: 'out of stock', total: 900, items: [{ sku: 'sofa', qty: 1 }] },
];

export interface Placed {
  readonly checkout: Checkout;
  readonly result: SendResult;
}

/** Sends each `:checkout` from @customer through the public ingress, then lets the system settle. */
export async function placeCheckouts(runtime: Runtime, checkouts: readonly Checkout[] = CHECKOUTS): Promise<Placed[]> {
  const placed: Placed[] = [];
  for (const checkout of checkouts) {
    const data = { total: checkout.total, items: checkout.items };
    placed.push({ checkout, result: await runtime.send({ event: ':checkout', to: '@order', from: '@customer', data }) });
  }
  await runtime.settle();
  return placed;
}

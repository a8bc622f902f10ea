// What the inspector serves for the checkout app (apps/checkout) running on memory adapters, read as
// a browser would read it (pages parsed, not matched as markup): the machines and their states, a
// machine's instances filtered and paged, an order's history and its state at each seq, its
// conversation across machines, the live stream, and the same answers from the store alone.
import { createHttpApp } from '@eventflow/http';
import type { Document, HTMLInputElement, HTMLOptionElement } from 'happy-dom';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createMemoryStore } from '@eventflow/memory';
import { createInspector } from './inspector.ts';
import { storeSource } from './source.ts';
import { html, startCheckout, type Checkout } from './test-support/checkout.ts';
import { appendAll, record } from './test-support/records.ts';

let app: Checkout;
let confirmed: string;
let declined: string;
let noStock: string;

beforeAll(async () => {
  app = await startCheckout();
  confirmed = await app.order(40, [{ sku: 'book', qty: 1 }]);
  declined = await app.order(9000);
  noStock = await app.order(10, [{ sku: 'sofa' }]);
});

afterAll(() => app.close());

async function page(path: string): Promise<Document> {
  const answer = await app.get(`${path}`);
  expect(answer.status, `${path}: ${answer.text.slice(0, 300)}`).toBe(200);
  return html(answer.text);
}

function cells(document: Document, table: string): string[][] {
  return [...document.querySelectorAll(`#${table} tbody tr`)].map((row) => [...row.querySelectorAll('td, th')].map((cell) => (cell.textContent ?? '').trim()));
}

const ids = (document: Document) => cells(document, 'instances').map((row) => row[0]);
const display = (machine: string, id: string) => `${machine}:${id.slice(machine.length)}`;

describe('the overview', () => {
  test('every machine with its instances counted per state, and the latest records', async () => {
    const document = await page('/');
    expect(cells(document, 'machines')).toEqual([
      ['@bank', '3', '#authorized 2 #declined 1'],
      ['@fraud', '3', '#cleared 3'],
      ['@inventory', '3', '#reserved 2 #unavailable 1'],
      ['@order', '3', '#confirmed 1 #out_of_stock 1 #payment_failed 1'],
      ['@payment', '3', '#captured 2 #declined 1'],
    ]);
    expect(document.querySelector('#machines a[href="/inspect/machines/order?state=%23confirmed"]')).not.toBeNull();
    expect(cells(document, 'recent')).toHaveLength(20);
    expect(document.body.dataset['live']).toBe('/inspect/events');
  });
});

describe('a machine’s instances', () => {
  test('all of them in creation order, or only those in one state (written with or without #)', async () => {
    expect(ids(await page('/machines/order'))).toEqual([confirmed, declined, noStock].map((id) => display('@order', id)));
    expect(ids(await page('/machines/order?state=confirmed'))).toEqual([display('@order', confirmed)]);
    const failed = await page('/machines/order?state=%23payment_failed');
    expect(cells(failed, 'instances')).toEqual([[display('@order', declined), '#payment_failed', '4', ':payment_failed', expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/)]]);
    expect(failed.querySelector('#list-summary')?.textContent).toBe('1 shown · 1 in #payment_failed');
    expect((failed.querySelector('#filter-state option[selected]') as HTMLOptionElement).value).toBe('#payment_failed');
    expect(cells(await page('/machines/order?state=cancelled'), 'instances')).toEqual([]);
  });

  test('a page at a time: next and first page links keep the filter', async () => {
    const first = await page('/machines/order?limit=2');
    expect(ids(first)).toEqual([confirmed, declined].map((id) => display('@order', id)));
    const next = first.querySelector('#next-page')?.getAttribute('href') as string;
    expect(next).toBe(`/inspect/machines/order?limit=2&after=${declined}`);
    const second = await page(next.slice('/inspect'.length));
    expect(ids(second)).toEqual([display('@order', noStock)]);
    expect(second.querySelector('#next-page')).toBeNull();
    expect(second.querySelector('a[rel="first"]')?.getAttribute('href')).toBe('/inspect/machines/order?limit=2');
  });

  test('a bad filter or page size is a 400 page that says why; an unknown machine is a 404', async () => {
    const tooMany = await app.get('/machines/order?limit=5000');
    expect(tooMany.status).toBe(400);
    expect(html(tooMany.text).querySelector('.ef-problem')?.textContent).toBe('limit must be between 1 and 200; got "5000".');
    const state = await app.get('/machines/order?state=%3Cb%3E');
    expect(state.status).toBe(400);
    expect(html(state.text).querySelector('.ef-problem')?.textContent).toBe('state must be a state name such as #confirmed; got "<b>".');
    expect((await app.get('/machines/nobody')).status).toBe(404);
    const nowhere = await app.get('/machines/order/extra');
    expect([nowhere.status, html(nowhere.text).querySelector('.ef-problem')?.textContent]).toEqual([404, 'The inspector has no such page; start from the overview.']);
  });
});

describe('an instance', () => {
  test('its history: event, from, conversation, state after and context patch of every record', async () => {
    const history = await app.runtime.history(confirmed);
    const document = await page(`/instances/${confirmed}`);
    const rows = cells(document, 'history');
    expect(rows.map((row) => row.slice(0, 2))).toEqual(history.map((r) => [String(r.seq), r.event_type]));
    expect(rows[0]?.slice(2, 6)).toEqual(['@customer', expect.stringMatching(/^…/), '#processing', 'items = [{"sku":"book","qty":1}]total = 40']);
    expect(rows.map((row) => row[4])).toEqual(history.map((r) => r.outcome.state_after));
    expect(rows.slice(1).map((row) => row[5]).sort()).toEqual(['fraud_ok = true', 'payment_ok = true', 'stock_ok = true']);
    expect(rows.slice(1).map((row) => row[2]?.split(':')[0]).sort()).toEqual(['@fraud', '@inventory', '@payment']);
    const links = [...document.querySelectorAll('#history a.ef-conv')].map((a) => a.getAttribute('href'));
    expect(links).toEqual(history.map((r) => `/inspect/conversations/${r.conversation_id}?via=${confirmed}`));
    expect(rows[0]?.[6]).toBe(':payment_request → @payment:fraud_check → @fraud:reserve_stock → @inventoryreply 202');
  });

  test('the slider and the diagram show the latest seq; ?at=1 shows the order as it was after its first event', async () => {
    const latest = await page(`/instances/${confirmed}`);
    const slider = latest.querySelector('#travel-seq') as HTMLInputElement;
    expect([slider.getAttribute('min'), slider.getAttribute('max'), slider.getAttribute('value')]).toEqual(['1', '4', '4']);
    expect(latest.querySelector('#travel-state')?.textContent).toBe('#confirmed');
    expect(latest.querySelector('.ef-diagram g.state.current title')?.textContent).toBe('#confirmed');

    const first = await page(`/instances/${confirmed}?at=1`);
    expect(first.querySelector('#travel-seq')?.getAttribute('value')).toBe('1');
    expect(first.querySelector('#travel-seq')?.getAttribute('aria-valuetext')).toBe('seq 1 of 4: #processing');
    expect(first.querySelector('#travel-state')?.textContent).toBe('#processing');
    expect(first.querySelector('#travel-event')?.textContent).toBe(':checkout from @customer');
    expect(JSON.parse(first.querySelector('#travel-context')?.textContent ?? '')).toEqual({ items: [{ sku: 'book', qty: 1 }], total: 40 });
    expect(first.querySelector('#history tr[aria-current="step"]')?.id).toBe('seq-1');
    expect(first.querySelector('.ef-diagram g.state.current title')?.textContent).toBe('#processing');
  });

  test('its state at each seq, as the slider asks for it, is runtime.state(id, { atSeq })', async () => {
    for (const seq of [1, 2, 3, 4]) {
      const answer = await app.get(`/instances/${confirmed}/at/${seq}`);
      expect(answer.type).toContain('application/json');
      const view = await app.runtime.state(confirmed, { atSeq: seq });
      expect(JSON.parse(answer.text)).toMatchObject({ aggregate_id: confirmed, machine: '@order', seq, last_seq: 4, state: view.state, context: view.context, entered: view.history });
    }
    expect(JSON.parse((await app.get(`/instances/${confirmed}/at/1`)).text)).toMatchObject({ state: '#processing', event: ':checkout', from: '@customer' });
    const missing = await app.get('/instances/order-nothing/at/1');
    expect([missing.status, JSON.parse(missing.text).detail]).toEqual([404, "No instance 'order-nothing' is stored"]);
    expect((await app.get(`/instances/${confirmed}/at/x`)).status).toBe(400);
    expect((await app.get('/instances/order-nothing')).status).toBe(404);
  });

  test('text from the store is escaped, never markup', async () => {
    const id = await app.order(1, [{ sku: '<script>alert(1)</script>' }]);
    const text = (await app.get(`/instances/${id}`)).text;
    expect(text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(text).not.toContain('<script>alert(1)');
  });
});

describe('a conversation', () => {
  test('the order’s checkout: every instance it touched, nested ones included, as lanes across machines', async () => {
    const [checkout] = await app.runtime.history(confirmed);
    const document = await page(`/conversations/${checkout?.conversation_id}?via=${confirmed}`);
    const lanes = [...document.querySelectorAll('#lanes svg .lane text')].map((t) => t.textContent);
    const machines = lanes.map((label) => label?.split(':')[0]);
    expect(machines).toEqual(['@customer', '@order', '@payment', '@fraud', '@inventory', '@bank']);
    expect(cells(document, 'participants').map((row) => row[1])).toEqual(['@order', '@payment', '@fraud', '@inventory', '@bank']);
    expect(cells(document, 'records')).toHaveLength(9);
    const nested = document.querySelector('.ef-summary')?.textContent ?? '';
    expect(nested).toMatch(/^9 records of 5 instances, with 4 conversations opened inside it/);
  });

  test('the payment’s conversation: only the order, the payment and the bank it asked', async () => {
    const paid = (await app.runtime.history(confirmed)).find((r) => r.event_type === ':payment_success');
    const document = await page(`/conversations/${paid?.conversation_id}`);
    expect(cells(document, 'participants').map((row) => row[1])).toEqual(['@payment', '@bank', '@order']);
    expect((await app.get('/conversations/conv-nothing')).status).toBe(404);
  });
});

describe('live', () => {
  test('a page’s stream says `update` when a record in its scope is stored, and ends when the inspector closes', async () => {
    const inspector = createInspector();
    inspector.attach(storeSource(app.store));
    await inspector.ready();
    const response = await inspector.fetch(new Request('http://inspector.test/events?machine=%40order'));
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = (response.body as ReadableStream<Uint8Array>).pipeThrough(new TextDecoderStream()).getReader();
    let text = '';
    const until = async (pattern: RegExp) => {
      while (!pattern.test(text)) {
        const chunk = await reader.read();
        if (chunk.done) throw new Error(`stream ended before ${pattern}: ${text}`);
        text += chunk.value;
      }
    };
    await until(/event: hello/);
    // What the runtime's observe hook would hand it: the records of a new order.
    for (const record of await app.runtime.history(await app.order(5))) inspector.observe(record);
    await until(/event: update/);
    inspector.close();
    expect((await reader.read()).done).toBe(true);
  });
});

describe('from the store alone (eventflow inspect --ui)', () => {
  test('the same pages and the same state at each seq, replayed from the stored records', async () => {
    const inspector = createInspector();
    inspector.attach(storeSource(app.store));
    await inspector.ready();
    const get = async (path: string) => inspector.fetch(new Request(`http://inspector.test${path}`));
    for (const seq of [1, 2, 3, 4]) {
      const alone = await (await get(`/instances/${confirmed}/at/${seq}`)).json();
      expect(alone).toEqual(JSON.parse((await app.get(`/instances/${confirmed}/at/${seq}`)).text));
    }
    const document = html(await (await get(`/instances/${confirmed}`)).text());
    expect(document.querySelector('.ef-diagram')).toBeNull();
    expect(cells(document, 'history')).toHaveLength(4);
    inspector.close();
  });
});

describe('a long-lived instance', () => {
  test('its page shows 200 records around the chosen seq, with links to earlier and later ones', async () => {
    const store = createMemoryStore();
    await appendAll(store, Array.from({ length: 260 }, (_, i) => record({ id: 'account-1', machine: '@account', seq: i + 1, state: '#open' })));
    const inspector = createInspector();
    inspector.attach(storeSource(store));
    await inspector.ready();
    const show = async (query: string) => html(await (await inspector.fetch(new Request(`http://inspector.test/instances/account-1${query}`))).text());
    const early = await show('?at=10');
    const seqs = (document: Document) => cells(document, 'history').map((row) => Number(row[0]));
    expect([seqs(early)[0], seqs(early).at(-1), seqs(early).length]).toEqual([1, 200, 200]);
    expect(early.querySelector('#history caption')?.textContent).toBe('Records 1–200 of 260, oldest first');
    expect([...early.querySelectorAll('nav[aria-label="History pages"] a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([['Later records', '/inspect/instances/account-1?at=260']]);
    const late = await show('');
    expect([seqs(late)[0], seqs(late).at(-1)]).toEqual([61, 260]);
    expect(late.querySelector('nav[aria-label="History pages"] a')?.getAttribute('href')).toBe('/inspect/instances/account-1?at=60');
    expect(late.querySelector('#travel-seq')?.getAttribute('max')).toBe('260');
    inspector.close();
  });
});

describe('a store other processes write (polling on)', () => {
  test('a list page reads the new records of the rows it shows before showing them', async () => {
    const store = createMemoryStore();
    await appendAll(store, [record({ id: 'order-x1', machine: '@order', seq: 1, state: '#processing' })]);
    const inspector = createInspector({ pollMs: 3_600_000 });
    inspector.attach(storeSource(store));
    await inspector.ready();
    await store.append([{ aggregateId: 'order-x1', expectedSeq: 1, records: [record({ id: 'order-x1', machine: '@order', seq: 2, state: '#confirmed' })] }]);
    const document = html(await (await inspector.fetch(new Request('http://inspector.test/machines/order'))).text());
    expect(cells(document, 'instances').map((row) => row.slice(0, 3))).toEqual([['@order:x1', '#confirmed', '2']]);
    inspector.close();
  });
});

describe('mounted on the HTTP API', () => {
  test('behind the same authentication as the API', async () => {
    const api = createHttpApp(app.runtime, { auth: { bearerTokens: ['s3cret'] } });
    api.mount('/inspect', app.inspector.fetch);
    expect((await api.fetch(new Request('http://api.test/inspect/'))).status).toBe(401);
    const seen = await api.fetch(new Request('http://api.test/inspect/machines/order', { headers: { authorization: 'Bearer s3cret' } }));
    expect(seen.status).toBe(200);
    expect(cells(html(await seen.text()), 'instances').length).toBeGreaterThanOrEqual(3);
  });
});

// Ids: unique, well-formed, reproducible from a seed.
import { describe, expect, it } from 'vitest';
import { createIds } from './ids.ts';

describe('createIds', () => {
  it('event and conversation ids are unique, also after the counter wraps and a new random part is drawn', () => {
    const ids = createIds();
    const seen = new Set<string>();
    const count = 10 ** 4 + 1000; // the conversation counter has four digits
    for (let i = 0; i < count; i++) seen.add(ids.conversationId());
    expect(seen.size).toBe(count);
    const randomParts = new Set([...seen].map((id) => id.slice(5, 15)));
    expect(randomParts.size).toBe(2);
    const events = new Set(Array.from({ length: 10_000 }, () => ids.eventId()));
    expect(events.size).toBe(10_000);
  });

  it('keeps the id formats: evt- and 16 characters, conv- and order- with the random length', () => {
    const ids = createIds({ length: 12 });
    expect(ids.eventId()).toMatch(/^evt-[0-9a-z]{16}$/);
    expect(ids.conversationId()).toMatch(/^conv-[0-9a-z]{16}$/);
    expect(ids.aggregateId('@order')).toMatch(/^order-[0-9a-z]{12}$/);
    expect(ids.uuid()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('a seed reproduces the same ids; another seed gives others; unseeded generators differ', () => {
    const run = (seed?: number) => {
      const ids = createIds(seed === undefined ? {} : { seed });
      return [ids.aggregateId('@order'), ids.eventId(), ids.conversationId(), ids.eventId()];
    };
    expect(run(7)).toEqual(run(7));
    expect(run(8)).not.toEqual(run(7));
    expect(run()).not.toEqual(run());
  });
});

describe('aggregate ids', () => {
  it('keep their machine prefix, long or short, and differ from each other', () => {
    const ids = createIds({ length: 4 });
    const long = Array.from({ length: 3 }, () => ids.aggregateId('@reservation_request'));
    for (const id of long) expect(id).toMatch(/^reservation_request-[0-9a-z]{4}$/);
    expect(ids.aggregateId('@o')).toMatch(/^o-[0-9a-z]{4}$/);
    expect(new Set(Array.from({ length: 1000 }, () => ids.aggregateId('@order'))).size).toBeGreaterThan(990);
  });
});

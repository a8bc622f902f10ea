// Fills an @eventflow/mongodb records collection with `events` stored events by raw insertMany of
// copies of commits the runtime wrote (aggregate and event ids renamed; no outbox entries: dispatched):
// appending them through the runtime would take hours on this machine.
import type { Collection, Document } from 'mongodb';

const CHUNK = 5_000;

/** Returns the events written (at least `events`) and the seconds it took. */
export async function seedStored(records: Collection<Document>, events: number): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const templates = await records.find({}).limit(200).toArray();
  if (templates.length === 0) throw new Error('seed: no documents to copy (run the conversation first)');
  let written = 0;
  let copy = 0;
  while (written < events) {
    const chunk: Document[] = [];
    while (chunk.length < CHUNK && written < events) {
      const template = templates[copy % templates.length] as Document;
      chunk.push(renamed(template, `~s${Math.floor(copy / templates.length)}`));
      written += (template['records'] as unknown[]).length;
      copy++;
    }
    await records.insertMany(chunk, { ordered: false });
  }
  return { events: written, seconds: (performance.now() - started) / 1000 };
}

/** The document with its aggregate id and event ids suffixed (they are unique in the store). */
function renamed(template: Document, suffix: string): Document {
  let text = JSON.stringify(template);
  const names = [template['aggregate_id'] as string, ...(template['event_ids'] as string[])];
  for (const name of names) text = text.split(JSON.stringify(name).slice(0, -1)).join(JSON.stringify(`${name}${suffix}`).slice(0, -1));
  const document = JSON.parse(text) as Document;
  document['created_at'] = new Date(template['created_at'] as Date);
  return document;
}

/** Fills the hand-written service's collection with `events` documents of finished conversations (one per event, as it writes them). */
export async function seedRawStored(docs: Collection<Document>, events: number): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  const steps = ['checkout', 'payment_request', 'authorize_card', 'card_authorized', 'payment_success'];
  for (let written = 0; written < events; ) {
    const chunk: Document[] = [];
    for (; chunk.length < CHUNK && written < events; written++) {
      const conversation = Math.floor(written / steps.length);
      const step = written % steps.length;
      const aggregate = `seeded-${conversation}-${step}`;
      chunk.push({ _id: `${aggregate}:1`, aggregate_id: aggregate, seq: 1, event_id: `seeded-${written}`, event: steps[step], state: 'done', data: { total: conversation } });
    }
    await docs.insertMany(chunk, { ordered: false });
  }
  return { events, seconds: (performance.now() - started) / 1000 };
}

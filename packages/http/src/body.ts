// Reads a request body as the event payload: JSON only, an object, no `__proto__` or
// `constructor.prototype` keys (they would reach into prototypes where a payload is merged).
// The size limit is enforced before this by Hono's bodyLimit.
import secureJson from 'secure-json-parse';
import { problem, type Answer } from './answer.ts';

export type Payload = Record<string, unknown>;

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

export async function readPayload(request: Request): Promise<{ payload: Payload } | { failed: Answer }> {
  const text = await request.text();
  if (text.trim() === '') return { payload: {} };
  if (!JSON_TYPE.test(request.headers.get('content-type') ?? '')) {
    return { failed: problem(415, 'unsupported-media-type', 'JSON bodies only', 'Send the payload as a JSON object with Content-Type: application/json.') };
  }
  let value: unknown;
  try {
    value = secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (error) {
    const forbidden = error instanceof SyntaxError && /prototype/i.test(error.message);
    return {
      failed: forbidden
        ? problem(400, 'forbidden-key', 'Forbidden key in the payload', 'Keys named __proto__ or constructor.prototype are refused.')
        : problem(400, 'malformed-json', 'Malformed JSON', 'The body is not valid JSON.'),
    };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { failed: problem(422, 'validation-error', 'The payload must be a JSON object', `Got ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}.`) };
  }
  return { payload: value as Payload };
}

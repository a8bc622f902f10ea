// The request size limit. A declared Content-Length is checked before anything is read; a body
// without one (chunked) is counted as it streams, by Hono's bodyLimit. Reading `request.body` turns
// @hono/node-server's light request into a web-standard one with streams, which costs a third of the
// requests/s (bench http-ingress), so the common case never touches it.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { problem, toResponse } from './answer.ts';

export function limitBody(maxSize: number): MiddlewareHandler {
  const tooLarge = () => toResponse(problem(413, 'too-large', 'Body too large', `The body is over ${maxSize} bytes.`));
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return async (c, next) => {
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return streamed(c, next);
    if (!/^\d+$/.test(declared) || Number(declared) > maxSize) return tooLarge();
    return next();
  };
}

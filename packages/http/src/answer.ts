// An HTTP answer as data (status, JSON body, headers): ingress builds one, the pending table keeps
// one for a later poll, and only the edge turns it into a Response.

export interface Answer {
  readonly status: number;
  readonly body: unknown;
  /** `application/problem+json` (RFC 9457) instead of `application/json`. */
  readonly problem?: boolean;
  readonly headers?: Readonly<Record<string, string>>;
}

export function toResponse(answer: Answer): Response {
  // Plain header objects: @hono/node-server writes such a Response without building a web-standard one.
  // nosniff is the one browser guard a JSON API needs (Hono's secureHeaders are for pages).
  const headers = { ...answer.headers, 'content-type': answer.problem ? 'application/problem+json' : 'application/json; charset=utf-8', 'x-content-type-options': 'nosniff' };
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

/** RFC 9457 problem details; `type` names the kind of problem, `detail` says what happened. */
export function problem(status: number, kind: string, title: string, detail: string, extra: Record<string, unknown> = {}, headers?: Record<string, string>): Answer {
  return { status, problem: true, body: { type: `urn:eventflow:problem:${kind}`, title, status, detail, ...extra }, ...(headers ? { headers } : {}) };
}

// Optional authentication: a bearer token (`Authorization: Bearer <token>`) or an API key header,
// compared in constant time. Off when no token and no key is configured.
import type { MiddlewareHandler } from 'hono';
import { timingSafeEqual } from 'hono/utils/buffer';
import { problem, toResponse } from './answer.ts';

/** Who may call the API: bearer tokens and API keys (none configured = open). */
export interface AuthOptions {
  readonly bearerTokens?: readonly string[];
  readonly apiKeys?: readonly string[];
  /** Header carrying an API key (default `x-api-key`). */
  readonly apiKeyHeader?: string;
}

export function authEnabled(auth: AuthOptions | undefined): auth is AuthOptions {
  return (auth?.bearerTokens?.length ?? 0) + (auth?.apiKeys?.length ?? 0) > 0;
}

export function requireAuth(auth: AuthOptions): MiddlewareHandler {
  const tokens = auth.bearerTokens ?? [];
  const keys = auth.apiKeys ?? [];
  const header = auth.apiKeyHeader ?? 'x-api-key';
  return async (c, next) => {
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(c.req.header('authorization') ?? '')?.[1];
    const key = c.req.header(header);
    if ((bearer !== undefined && (await matchesAny(bearer, tokens))) || (key !== undefined && (await matchesAny(key, keys)))) return next();
    const challenge = tokens.length > 0 ? { 'www-authenticate': 'Bearer' } : undefined;
    return toResponse(problem(401, 'unauthorized', 'Unauthorized', `Send ${[tokens.length > 0 ? 'Authorization: Bearer <token>' : '', keys.length > 0 ? `${header}: <key>` : ''].filter(Boolean).join(' or ')}.`, {}, challenge));
  };
}

async function matchesAny(given: string, secrets: readonly string[]): Promise<boolean> {
  let found = false;
  // Every secret is compared, so the time taken does not tell which one came close.
  for (const secret of secrets) if (await timingSafeEqual(given, secret)) found = true;
  return found;
}

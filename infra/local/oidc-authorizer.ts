import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import type { JwtVerifier } from './gateway.ts';

/**
 * The local gateway's stand-in for API Gateway's JWT authorizer on staff routes, with the same rules: the
 * token's signature by a key from the issuer's JWKS (RSA algorithms only), `iss` equal to the configured issuer,
 * `aud` or `client_id` in the configured audiences (`client_id` is looked at only when there is no `aud`, which
 * is what lets Cognito's access tokens through: they carry `client_id`, not `aud`), and `exp`, `nbf`, `iat`
 * against the current time. Anything else is the 401 API Gateway answers before a function runs.
 */

export interface JwtAuthorizerConfig {
  readonly issuer: string;
  /** Accepted `aud` (or, without `aud`, `client_id`) values: the staff client's id. */
  readonly audiences: readonly string[];
  /** Defaults to `<issuer>/jwks` (the local provider); a real deployment reads it from discovery. */
  readonly jwksUri: string;
}

const rsaAlgorithms = ['RS256', 'RS384', 'RS512'];

/** API Gateway evaluates `aud` when the token has one, and `client_id` only when it has none. */
export function audienceAccepted(payload: JWTPayload, audiences: readonly string[]): boolean {
  if (payload.aud !== undefined) {
    const values = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    return values.some((value) => audiences.includes(value));
  }
  const clientId = (payload as { client_id?: unknown }).client_id;
  return typeof clientId === 'string' && audiences.includes(clientId);
}

/** The claims as API Gateway passes them to the function: every value a string, arrays as `[a b]`. */
export function claimsAsPassed(payload: JWTPayload): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload)) {
    if (value === undefined || value === null) continue;
    claims[name] = Array.isArray(value)
      ? `[${value.join(' ')}]`
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);
  }
  return claims;
}

export function jwtAuthorizer(config: JwtAuthorizerConfig): JwtVerifier {
  const keys = createRemoteJWKSet(new URL(config.jwksUri));
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, { issuer: config.issuer, algorithms: rsaAlgorithms });
      if (!audienceAccepted(payload, config.audiences)) return null;
      if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000) return null;
      return claimsAsPassed(payload);
    } catch {
      return null;
    }
  };
}

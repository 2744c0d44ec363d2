import { describe, expect, it } from 'vitest';
import { audienceAccepted, claimsAsPassed } from '../../../infra/local/oidc-authorizer.ts';

/** The local gateway's audience rule is API Gateway's: `aud` when present, else `client_id`. */
describe('the JWT authorizer’s audience rule', () => {
  const audiences = ['huiyin-console'];

  it('accepts a token whose aud is the client (the local provider’s access tokens, ID tokens)', () => {
    expect(audienceAccepted({ aud: 'huiyin-console', client_id: 'huiyin-console' }, audiences)).toBe(true);
    expect(audienceAccepted({ aud: ['other', 'huiyin-console'] }, audiences)).toBe(true);
  });

  it('accepts a token without aud whose client_id is the client (Cognito’s access tokens)', () => {
    expect(audienceAccepted({ client_id: 'huiyin-console', token_use: 'access' }, audiences)).toBe(true);
  });

  it('looks at client_id only when there is no aud', () => {
    expect(audienceAccepted({ aud: 'other', client_id: 'huiyin-console' }, audiences)).toBe(false);
    expect(audienceAccepted({ client_id: 'other' }, audiences)).toBe(false);
    expect(audienceAccepted({}, audiences)).toBe(false);
  });

  it('hands the claims to functions as API Gateway does: strings, arrays as "[a b]"', () => {
    expect(
      claimsAsPassed({
        sub: 's',
        exp: 1700000000,
        'cognito:groups': ['handler', 'admin'],
        email_verified: true,
      }),
    ).toEqual({ sub: 's', exp: '1700000000', 'cognito:groups': '[handler admin]', email_verified: 'true' });
  });
});

import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Survey links (反馈): `<caseId>.<round>.<mac>`, the MAC an HMAC-SHA256 over case and round with a secret only
 * the backend knows. Unguessable without the secret, yet the notifier can rebuild the link from ids alone,
 * so no queue message or table item ever holds a usable token. The case stores only the token's SHA-256;
 * single use comes from the survey's state on the case.
 */

const MAC_LENGTH = 32;

function mac(secret: string, caseId: string, round: number): string {
  return createHmac('sha256', secret)
    .update(`survey\n${caseId}\n${round}`)
    .digest('base64url')
    .slice(0, MAC_LENGTH);
}

export function surveyToken(secret: string, caseId: string, round: number): string {
  return `${caseId}.${round}.${mac(secret, caseId, round)}`;
}

export function surveyTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The case a token is for, or null when it is malformed or its MAC is wrong. */
export function verifySurveyToken(secret: string, token: string): { caseId: string; round: number } | null {
  const [caseId, roundText, given, extra] = token.split('.');
  if (
    !caseId ||
    !roundText ||
    !given ||
    extra !== undefined ||
    !/^[0-9A-Z]{26}$/.test(caseId) ||
    !/^\d{1,3}$/.test(roundText)
  )
    return null;
  const round = Number(roundText);
  const expected = Buffer.from(mac(secret, caseId, round));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  return { caseId, round };
}

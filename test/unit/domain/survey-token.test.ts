import { describe, expect, it } from 'vitest';
import { nextSurveyRound, surveyTokenHashForClose, surveyUrl } from '../../../shared/domain/survey/links.ts';
import { surveyToken, surveyTokenHash, verifySurveyToken } from '../../../shared/domain/survey/token.ts';

const SECRET = 's3cret';
const CASE_ID = '01JP3ZK8W6T4QH2N9RB5XC7DMV';
/** Pinned: links already sent by SMS must keep working, so the token format may never drift. */
const ROUND_2_TOKEN = `${CASE_ID}.2.sqCSBe8DaYOCTDunX5pVgJYE3XxFYuEv`;

describe('survey tokens', () => {
  it('are `<caseId>.<round>.<32-character MAC>`, stable across releases', () => {
    expect(surveyToken(SECRET, CASE_ID, 2)).toBe(ROUND_2_TOKEN);
  });

  it('carry a MAC that depends on the round, the case and the secret', () => {
    const macOf = (secret: string, caseId: string, round: number) =>
      surveyToken(secret, caseId, round).split('.')[2];
    const macs = new Set([
      macOf(SECRET, CASE_ID, 2),
      macOf(SECRET, CASE_ID, 3),
      macOf(SECRET, '01JP3ZK8W6T4QH2N9RB5XC7DMW', 2),
      macOf('other', CASE_ID, 2),
    ]);

    expect(macs.size).toBe(4);
  });

  it('verify back to their case and round', () => {
    expect(verifySurveyToken(SECRET, ROUND_2_TOKEN)).toEqual({ caseId: CASE_ID, round: 2 });
    expect(verifySurveyToken(SECRET, surveyToken(SECRET, CASE_ID, 999))).toEqual({
      caseId: CASE_ID,
      round: 999,
    });
  });

  it('do not verify under another secret, with a changed MAC, round or case, or a MAC of another length', () => {
    const mac = ROUND_2_TOKEN.split('.')[2]!;
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;

    expect(verifySurveyToken('other', ROUND_2_TOKEN)).toBeNull();
    expect(verifySurveyToken(SECRET, `${CASE_ID}.2.${flipped}`)).toBeNull();
    expect(verifySurveyToken(SECRET, `${CASE_ID}.3.${mac}`)).toBeNull();
    expect(verifySurveyToken(SECRET, `01JP3ZK8W6T4QH2N9RB5XC7DMW.2.${mac}`)).toBeNull();
    expect(verifySurveyToken(SECRET, `${CASE_ID}.2.${mac.slice(0, -1)}`)).toBeNull();
    expect(verifySurveyToken(SECRET, `${CASE_ID}.2.${mac}A`)).toBeNull();
  });

  it('refuse a malformed token before checking any MAC', () => {
    const mac = ROUND_2_TOKEN.split('.')[2]!;
    const malformed = [
      '',
      CASE_ID,
      `${CASE_ID}.2`,
      `${CASE_ID}.2.`,
      `${CASE_ID}..${mac}`,
      `.2.${mac}`,
      `${ROUND_2_TOKEN}.extra`,
      `${ROUND_2_TOKEN}.`,
      `${CASE_ID.toLowerCase()}.2.${mac}`,
      `${CASE_ID.slice(1)}.2.${mac}`,
      `${CASE_ID}X.2.${mac}`,
      `x${CASE_ID}.2.${mac}`,
      `${CASE_ID}.1000.${mac}`,
      `${CASE_ID}.2a.${mac}`,
      `${CASE_ID}.a2.${mac}`,
      `${CASE_ID}.-2.${mac}`,
    ];

    for (const token of malformed) expect(verifySurveyToken(SECRET, token), token).toBeNull();
  });

  it('refuse a correctly signed token whose case id or round has the wrong shape', () => {
    for (const token of [
      surveyToken(SECRET, `x${CASE_ID}`, 2),
      surveyToken(SECRET, `${CASE_ID}X`, 2),
      surveyToken(SECRET, CASE_ID, 1000),
    ])
      expect(verifySurveyToken(SECRET, token), token).toBeNull();
  });

  it('accept a one- to three-digit round only when its MAC matches', () => {
    const roundOf = (round: string) => {
      const token = `${CASE_ID}.${round}.${surveyToken(SECRET, CASE_ID, Number(round)).split('.')[2]}`;
      return verifySurveyToken(SECRET, token)?.round;
    };

    expect(roundOf('1')).toBe(1);
    expect(roundOf('12')).toBe(12);
    expect(roundOf('007')).toBe(7);
  });

  it('are stored as the SHA-256 of the token, in hex', () => {
    expect(surveyTokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('survey links', () => {
  it('open round reopenCount + 1 and store only the hash of that round’s token', () => {
    expect(nextSurveyRound({ reopenCount: 0 })).toBe(1);
    expect(nextSurveyRound({ reopenCount: 1 })).toBe(2);
    expect(surveyTokenHashForClose(SECRET, { caseId: CASE_ID, reopenCount: 1 })).toBe(
      surveyTokenHash(ROUND_2_TOKEN),
    );
  });

  it('end with the token, with or without a trailing slash on the base URL', () => {
    const expected = `https://example.test/survey.html?t=${ROUND_2_TOKEN}`;

    expect(surveyUrl('https://example.test', SECRET, CASE_ID, 2)).toBe(expected);
    expect(surveyUrl('https://example.test/', SECRET, CASE_ID, 2)).toBe(expected);
    expect(surveyUrl('https://example.test/a/', SECRET, CASE_ID, 2)).toBe(
      `https://example.test/a/survey.html?t=${ROUND_2_TOKEN}`,
    );
  });
});

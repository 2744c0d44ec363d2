/** A service team's copy of one referral (written with the case change, see `case-items.ts`). */
export interface TeamReferralRecord {
  readonly teamId: string;
  readonly caseId: string;
  readonly trackingCode: string;
  /** The unit holding the case when the referral was made or answered. */
  readonly unitId: string | null;
  readonly referredAt: string;
  readonly answeredAt?: string;
}

export interface TeamReferralStore {
  /** Every referral to a team, oldest first (one Query on the team's partition). */
  byTeam(teamId: string): Promise<TeamReferralRecord[]>;
}

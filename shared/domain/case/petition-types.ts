/**
 * Petition types (信访事项类型). The 信访工作条例 (2022) sorts matters into three classes and handles each its own way
 * (建议意见, 检举控告, 申诉求决); residents know the hotline words (咨询, 求助, 投诉, 举报, 建议). A case carries one
 * type, chosen by the petitioner on the form (optional) or set by staff at triage; each hotline type belongs to a
 * class, and SLA policies match on the type or its class (docs/deadlines.md). Pure and free of zod, so the
 * public form imports the labels.
 */

export const regulationClasses = ['opinion', 'accusation', 'claim'] as const;
export type RegulationClass = (typeof regulationClasses)[number];

export const petitionTypes = [
  'opinion',
  'accusation',
  'claim',
  'inquiry',
  'help',
  'complaint',
  'report',
  'proposal',
] as const;
export type PetitionType = (typeof petitionTypes)[number];

interface PetitionTypeInfo {
  readonly zh: string;
  readonly en: string;
  /** The 条例 class the type belongs to; 咨询 is a question, not a 信访事项 of any class. */
  readonly regulationClass: RegulationClass | null;
}

export const petitionTypeInfo: Readonly<Record<PetitionType, PetitionTypeInfo>> = {
  opinion: { zh: '建议意见', en: 'Suggestion or opinion', regulationClass: 'opinion' },
  accusation: { zh: '检举控告', en: 'Accusation', regulationClass: 'accusation' },
  claim: { zh: '申诉求决', en: 'Claim or appeal', regulationClass: 'claim' },
  inquiry: { zh: '咨询', en: 'Inquiry', regulationClass: null },
  help: { zh: '求助', en: 'Request for help', regulationClass: 'claim' },
  complaint: { zh: '投诉', en: 'Complaint', regulationClass: 'claim' },
  report: { zh: '举报', en: 'Report of wrongdoing', regulationClass: 'accusation' },
  proposal: { zh: '建议', en: 'Proposal', regulationClass: 'opinion' },
};

export function isPetitionType(value: unknown): value is PetitionType {
  return typeof value === 'string' && (petitionTypes as readonly string[]).includes(value);
}

/** 检举控告 and 举报: the case names wrongdoing, so it must never be handled by the unit it accuses. */
export function accuses(type: PetitionType | undefined): boolean {
  return type !== undefined && petitionTypeInfo[type].regulationClass === 'accusation';
}

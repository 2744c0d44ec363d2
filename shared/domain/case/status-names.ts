import type { CaseStatus } from './model.ts';

/** Short staff names of the case states (refusals, exports). The public wording is `publicStatusText`. */
export const caseStatusNames: Readonly<Record<CaseStatus, string>> = {
  registered: '已登记',
  triage: '待分办',
  assigned: '已交办',
  acknowledged: '已签收',
  replied: '已答复',
  closed: '已办结',
  archived: '已归档',
  rejected: '不予受理',
  reviewing: '复查中',
  reviewed: '已出复查意见',
  rechecking: '复核中',
};

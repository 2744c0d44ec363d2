import { type PetitionType, petitionTypeInfo } from '../../../shared/domain/case/petition-types.ts';
/**
 * Console texts: Simplified Chinese by default, English on request (kept in localStorage). Code and ids stay
 * English; every word a person reads comes from here.
 */

export type Language = 'zh' | 'en';
const LANGUAGE_KEY = 'huiyin.lang';

const texts = {
  appName: ['回音 · 工作台', 'Huiyin console'],
  login: ['登录', 'Sign in'],
  logout: ['退出', 'Sign out'],
  sessionExpired: ['登录已过期，请重新登录', 'Your session expired; please sign in again'],
  signedOut: ['您已安全退出', 'You have signed out'],
  signInFailed: ['登录未完成，请重试', 'Sign-in did not complete; please try again'],
  signInUnconfigured: [
    '本站尚未配置工作人员登录，请联系系统管理员',
    'Staff sign-in is not configured for this site; contact the administrator',
  ],
  signInHint: [
    '点击“登录”前往统一身份认证页面，输入用户名、密码和动态验证码。',
    'Sign in at the identity provider with your username, password and one-time code.',
  ],
  networkError: ['网络异常，请稍后再试', 'Network error; please try again'],
  language: ['English', '中文'],
  inbox: ['待办', 'Inbox'],
  allUnits: ['全部单位', 'All units'],
  unit: ['承办单位', 'Unit'],
  triage: ['待分办', 'Triage'],
  extensions: ['延期审批', 'Extensions'],
  reviews: ['复查督办', 'Reviews'],
  overdueBoard: ['超期督办', 'Overdue'],
  dashboard: ['统计报表', 'Reports'],
  register: ['登记来访来信', 'Register'],
  studioCases: ['本工作室诉求', 'Studio cases'],
  ledger: ['服务群众记录簿', 'Service record book'],
  downloadXlsx: ['下载 Excel', 'Download Excel'],
  printLedger: ['打印', 'Print'],
  serviceTeam: ['服务团队', 'Service team'],
  teamQuestion: ['请团队协助的事项', 'What the team is asked'],
  teamAnswer: ['团队意见', 'The team’s answer'],
  admin: ['系统管理', 'Administration'],
  search: ['搜索', 'Search'],
  searchPlaceholder: ['追踪码或标题关键词', 'Tracking code or words of the title'],
  overdueOnly: ['只看超期', 'Overdue only'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  exportXlsx: ['导出 Excel', 'Export Excel'],
  nextPage: ['下一页', 'Next page'],
  previousPage: ['上一页', 'Previous page'],
  firstPage: ['第一页', 'First page'],
  noCases: ['没有符合条件的诉求', 'No cases'],
  loading: ['加载中…', 'Loading…'],
  trackingCode: ['追踪码', 'Tracking code'],
  title: ['标题', 'Title'],
  status: ['状态', 'Status'],
  deadline: ['期限', 'Deadline'],
  category: ['类别', 'Category'],
  jurisdiction: ['镇街', 'Town'],
  channel: ['来源', 'Channel'],
  yellowCard: ['黄牌', 'Yellow card'],
  redCard: ['红牌', 'Red card'],
  overdue: ['已超期', 'Overdue'],
  dueSoon: ['即将到期', 'Due soon'],
  extensionPending: ['延期待批', 'Extension pending'],
  provisional: ['（按预估节假日计算）', ' (provisional calendar)'],
  notices: ['通知', 'Notices'],
  noNotices: ['暂无通知', 'No notices'],
  back: ['返回列表', 'Back to the list'],
  petitioner: ['诉求人', 'Petitioner'],
  show: ['显示', 'Show'],
  shownAudited: ['已显示（本次查看已记录）', 'Shown (this view is recorded)'],
  content: ['诉求内容', 'Content'],
  attachments: ['附件', 'Attachments'],
  timeline: ['办理过程', 'Timeline'],
  deadlines: ['期限', 'Deadlines'],
  acknowledgeBy: ['签收期限', 'Acknowledge by'],
  replyBy: ['答复期限', 'Reply by'],
  objectionUntil: ['派单异议期至', 'Objection window until'],
  surveyBy: ['评价截止', 'Survey open until'],
  actions: ['办理', 'Actions'],
  noActions: ['当前没有可执行的操作', 'Nothing to do on this case now'],
  affects: ['影响期限：', 'Deadline affected: '],
  submit: ['提交', 'Submit'],
  cancel: ['取消', 'Cancel'],
  save: ['保存', 'Save'],
  delete: ['删除', 'Delete'],
  edit: ['编辑', 'Edit'],
  add: ['新增', 'Add'],
  reason: ['理由', 'Reason'],
  opinion: ['意见（书面答复信访人）', 'Opinion (the written answer to the petitioner)'],
  upheld: ['维持原处理意见', 'Upheld'],
  revised: ['变更原处理意见', 'Revised'],
  petitionType: ['诉求类型', 'Type of petition'],
  accusedUnit: ['被检举控告单位', 'Unit accused'],
  text: ['内容', 'Text'],
  days: ['天数', 'Days'],
  note: ['备注', 'Note'],
  approve: ['批准', 'Approve'],
  decline: ['不批准', 'Decline'],
  replyTemplate: ['答复模板', 'Reply template'],
  chooseTemplate: ['选择模板…', 'Choose a template…'],
  saveAsTemplate: ['存为模板', 'Save as template'],
  duplicateOf: ['重复件：主件追踪码', 'Duplicate of (tracking code)'],
  duplicateNotFound: ['没有找到该追踪码的诉求', 'No case with that tracking code'],
  conflict: ['已被 {by} 于 {at} 修改，请刷新', 'Changed by {by} at {at}; please reload'],
  conflictUnknown: ['此件已被他人修改，请刷新', 'Someone else changed this case; please reload'],
  reload: ['刷新', 'Reload'],
  done: ['已完成', 'Done'],
  deliveries: ['交办送达', 'Deliveries'],
  noDeliveries: ['没有送达记录', 'No delivery records'],
  audit: ['审计记录', 'Audit trail'],
  showAudit: ['查看审计记录', 'Show the audit trail'],
  reads: ['查看记录', 'Reads'],
  changes: ['变更', 'Changes'],
  by: ['操作人', 'By'],
  at: ['时间', 'At'],
  registerTitle: ['登记来访 / 来信', 'Register a visit or a letter'],
  visit: ['接待日来访', 'Reception-day visit'],
  letter: ['来信', 'Letter'],
  name: ['姓名', 'Name'],
  phone: ['联系电话', 'Phone'],
  anonymous: ['匿名', 'Anonymous'],
  confidential: ['保密件', 'Confidential'],
  chooseCategory: ['不确定，由系统分派', 'Not sure: let the router decide'],
  registered: ['已登记，追踪码：', 'Registered; tracking code: '],
  registerAnother: ['继续登记', 'Register another'],
  ctrlEnter: ['Ctrl+Enter 提交', 'Ctrl+Enter submits'],
  required: ['必填', 'Required'],
  invalidPhone: ['请填写 11 位手机号或带区号的座机号', 'An 11-digit mobile or a landline with area code'],
  tooShort: ['至少 {n} 个字', 'At least {n} characters'],
  month: ['月份', 'Month'],
  download: ['下载', 'Download'],
  units: ['单位与人员', 'Units and staff'],
  users: ['账号', 'Accounts'],
  categories: ['类别', 'Categories'],
  policies: ['办理时限', 'SLA policies'],
  rules: ['分派规则', 'Routing rules'],
  dryRun: ['试分派', 'Dry run'],
  studios: ['工作室', 'Studios'],
  jurisdictions: ['镇街', 'Towns'],
  calendar: ['节假日', 'Calendar'],
  templates: ['答复模板', 'Reply templates'],
  provisionalWarning: [
    '{years} 年的官方放假安排尚未录入，相关期限按预估节假日计算。请在国务院公布后录入。',
    'The official holiday schedule for {years} has not been entered; deadlines reaching into it are provisional.',
  ],
  enterOfficialYear: ['录入全年官方放假安排', 'Enter an official year'],
  year: ['年份', 'Year'],
  officialDays: [
    '放假日与调休上班日（每行：日期 holiday|workday 名称）',
    'Days (one per line: date holiday|workday name)',
  ],
  overrides: ['调整的日期', 'Overrides'],
  date: ['日期', 'Date'],
  kind: ['类型', 'Kind'],
  holiday: ['放假', 'Holiday'],
  workday: ['上班', 'Working day'],
  officialYears: ['已录入官方安排的年份', 'Official years entered'],
  recomputed: ['已重算 {n} 件的期限', 'Recomputed the deadlines of {n} cases'],
  temporaryPassword: ['临时密码（只显示这一次）：', 'Temporary password (shown once): '],
  resetPassword: ['重置密码', 'Reset password'],
  providerSubject: ['统一身份认证用户标识（新建时填写）', 'Subject at the identity provider (new accounts)'],
  recordsOnlyNote: [
    '账号、密码和登录由统一身份认证平台管理；这里只登记工作人员的角色、单位和工作室。新建时请填写该平台中此人的用户标识。',
    'Accounts, passwords and sign-in are managed by the identity provider; here you set role, unit and studio only. For a new person, enter their subject at the provider.',
  ],
  disable: ['停用', 'Disable'],
  enable: ['启用', 'Enable'],
  disabled: ['已停用', 'Disabled'],
  role: ['角色', 'Role'],
  result: ['结果', 'Result'],
  reception: ['接待日与值班', 'Reception days'],
  generateDays: ['按规则生成本月接待日', 'Generate the month from the rule'],
  noReceptionDays: ['本月还没有接待日', 'No reception days this month'],
  hours: ['接待时间', 'Hours'],
  publish: ['公示', 'Publish'],
  saved: ['已保存', 'Saved'],
  deleted: ['已删除', 'Deleted'],
  confirmDelete: ['确定删除？', 'Delete this?'],
} as const satisfies Record<string, readonly [string, string]>;

export type TextKey = keyof typeof texts;

export function language(): Language {
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh';
}

export function setLanguage(value: Language): void {
  localStorage.setItem(LANGUAGE_KEY, value);
  document.documentElement.lang = value === 'en' ? 'en' : 'zh-CN';
}

export function t(key: TextKey, values: Record<string, string | number> = {}): string {
  const text = texts[key][language() === 'en' ? 1 : 0];
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** Pick the Chinese or English of a pair that comes with the data (e.g. unit names). */
export function pick(zh: string, en: string | undefined): string {
  return language() === 'en' && en ? en : zh;
}

const statusNames = {
  registered: ['已登记', 'Registered'],
  triage: ['待分办', 'Triage'],
  assigned: ['待签收', 'To acknowledge'],
  acknowledged: ['办理中', 'In progress'],
  replied: ['已答复', 'Replied'],
  closed: ['已办结', 'Closed'],
  archived: ['已归档', 'Archived'],
  rejected: ['不予受理', 'Rejected'],
  reviewing: ['复查中', 'Under review (复查)'],
  reviewed: ['已出复查意见', 'Review decided'],
  rechecking: ['复核中', 'Under recheck (复核)'],
} as const;

export function statusName(status: string): string {
  const pair = statusNames[status as keyof typeof statusNames];
  return pair ? pair[language() === 'en' ? 1 : 0] : status;
}

const commandNames = {
  referToTeam: ['请服务团队协助', 'Refer to a service team'],
  answerReferral: ['服务团队回复', 'Team answer'],
  accept: ['受理（本单位办理）', 'Accept (handle here)'],
  reject: ['不予受理', 'Reject'],
  assign: ['交办', 'Assign'],
  reassign: ['转办', 'Reassign'],
  acknowledge: ['签收', 'Acknowledge'],
  return: ['退回', 'Return'],
  reply: ['答复', 'Reply'],
  requestExtension: ['申请延期', 'Request an extension'],
  decideExtension: ['审批延期', 'Decide the extension'],
  close: ['办结', 'Close'],
  answerSurvey: ['录入回访结果', 'Record a call-back'],
  reopen: ['重新办理', 'Send back to the unit (redo)'],
  classify: ['确定诉求类型', 'Set the petition type'],
  requestReview: ['登记复查申请', 'Record a review request (复查)'],
  decideReview: ['录入复查意见', 'Record the review opinion'],
  requestRecheck: ['登记复核申请', 'Record a recheck request (复核)'],
  decideRecheck: ['录入复核意见', 'Record the recheck opinion'],
  archive: ['归档', 'Archive'],
  note: ['添加备注', 'Add a note'],
  linkDuplicate: ['标记重复件', 'Link a duplicate'],
} as const;

/** 信访事项类型 in the console's language (the labels live with the types, shared with the public form). */
export function petitionTypeName(type: string): string {
  const info = petitionTypeInfo[type as PetitionType];
  return info ? (language() === 'en' ? info.en : info.zh) : type;
}

export function commandName(command: string): string {
  const pair = commandNames[command as keyof typeof commandNames];
  return pair ? pair[language() === 'en' ? 1 : 0] : command;
}

const eventNames = {
  registered: ['登记', 'Registered'],
  triaged: ['进入待分办', 'Sent to triage'],
  accepted: ['受理', 'Accepted'],
  assigned: ['交办', 'Assigned'],
  rejected: ['不予受理', 'Rejected'],
  acknowledged: ['签收', 'Acknowledged'],
  returned: ['退回', 'Returned'],
  reassigned: ['转办', 'Reassigned'],
  replied: ['答复', 'Replied'],
  extensionRequested: ['申请延期', 'Extension requested'],
  extensionDecided: ['延期审批', 'Extension decided'],
  closed: ['办结', 'Closed'],
  surveyAnswered: ['评价', 'Survey answered'],
  surveyExpired: ['评价过期', 'Survey expired'],
  reopened: ['重新办理', 'Sent back to the unit'],
  classified: ['确定类型', 'Type set'],
  reviewRequested: ['复查申请', 'Review requested'],
  reviewDecided: ['复查意见', 'Review decided'],
  recheckRequested: ['复核申请', 'Recheck requested'],
  recheckDecided: ['复核意见（终结）', 'Recheck decided (concluded)'],
  concluded: ['终结', 'Concluded'],
  archived: ['归档', 'Archived'],
  noted: ['备注', 'Note'],
  followedUp: ['群众补充', 'Follow-up from the petitioner'],
  duplicateLinked: ['标记重复件', 'Duplicate linked'],
  reminded: ['催办', 'Reminder'],
  escalated: ['督办', 'Escalated'],
  deadlinesRecomputed: ['期限重算', 'Deadlines recomputed'],
  teamReferred: ['请服务团队协助', 'Referred to a service team'],
  teamAnswered: ['服务团队回复', 'Service team answered'],
} as const;

export function eventName(type: string): string {
  const pair = eventNames[type as keyof typeof eventNames];
  return pair ? pair[language() === 'en' ? 1 : 0] : type;
}

const channelNames = {
  web: ['网上信箱', 'Web'],
  email: ['电子邮件', 'E-mail'],
  letter: ['来信', 'Letter'],
  visit: ['来访', 'Visit'],
  open311: ['12345', 'Open311'],
} as const;

export function channelName(channel: string): string {
  const pair = channelNames[channel as keyof typeof channelNames];
  return pair ? pair[language() === 'en' ? 1 : 0] : channel;
}

const roleNames = {
  liaison: ['联络员', 'Liaison officer'],
  handler: ['承办人', 'Handler'],
  supervisor: ['督办员', 'Supervisor'],
  admin: ['管理员', 'Administrator'],
} as const;

export function roleName(role: string): string {
  const pair = roleNames[role as keyof typeof roleNames];
  return pair ? pair[language() === 'en' ? 1 : 0] : role;
}

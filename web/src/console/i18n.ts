import type { Lang } from '../../../shared/domain/case/wording.ts';
import * as words from '../../../shared/domain/case/wording.ts';
/**
 * Console texts: Simplified Chinese by default, English on request (kept in localStorage). Code and ids stay
 * English; every word a person reads comes from here.
 */

export type Language = 'zh' | 'en';
const LANGUAGE_KEY = 'huiyin.lang';

export const texts = {
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
  searchPlaceholder: ['跟踪码或标题关键词', 'Tracking code or words of the title'],
  overdueOnly: ['只看超期', 'Overdue only'],
  exportCsv: ['导出 CSV', 'Export CSV'],
  exportXlsx: ['导出 Excel', 'Export Excel'],
  nextPage: ['下一页', 'Next page'],
  previousPage: ['上一页', 'Previous page'],
  firstPage: ['第一页', 'First page'],
  noCases: ['没有符合条件的诉求', 'No cases'],
  searchResults: ['搜索“{q}”（所有环节）', 'Search “{q}” (every stage)'],
  searchMore: [
    '每个环节只列出前 50 件，请用更具体的词搜索，或点上方环节逐页查看',
    'The first 50 of each stage are listed: search for more specific words, or page through a stage above',
  ],
  loading: ['加载中…', 'Loading…'],
  trackingCode: ['跟踪码', 'Tracking code'],
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
  attachmentsConfidential: [
    '保密件的附件仅承办单位和督办人员可见',
    'The files of a confidential case are for the holding unit and supervisors only',
  ],
  enlarge: ['放大查看', 'Enlarge'],
  zoomIn: ['放大', 'Zoom in'],
  zoomOut: ['缩小', 'Zoom out'],
  rotateLeft: ['向左旋转', 'Rotate left'],
  rotateRight: ['向右旋转', 'Rotate right'],
  downloadFile: ['下载原件', 'Download'],
  closeViewer: ['关闭', 'Close'],
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
  unitTemplates: ['本单位模板', 'Our unit’s templates'],
  countyTemplates: ['全县通用模板', 'County-wide templates'],
  templateName: ['模板名称', 'Template name'],
  saveTemplate: ['保存模板', 'Save the template'],
  templateNameNeeded: ['请填写模板名称', 'Give the template a name'],
  templateTooShort: ['答复内容至少 5 个字才能存为模板', 'Write at least 5 characters first'],
  templateSaved: ['已存为模板“{title}”', 'Saved as the template “{title}”'],
  duplicateOf: ['重复件：主件跟踪码', 'Duplicate of (tracking code)'],
  duplicateNotFound: ['没有找到该跟踪码的诉求', 'No case with that tracking code'],
  possibleDuplicate: [
    '另一人提交过相同内容，可能是重复件：',
    'Someone else submitted the same text; possibly a duplicate of ',
  ],
  openCase: ['查看那件诉求', 'open that case'],
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
  visit: ['来访（非接待日）', 'Walk-in visit (not a reception day)'],
  visitHint: [
    '接待日的来访请在“接待日来访”中登记：那里只能选已公示的接待日。',
    'Visits on a reception day are registered under “Reception-day visits”, which offers only published reception days.',
  ],
  visits: ['接待日来访', 'Reception-day visits'],
  visitsTitle: ['接待日来访登记', 'Register a reception-day visit'],
  visitDay: ['接待日', 'Reception day'],
  today: ['今天', 'today'],
  noVisitDays: [
    '本月和上月没有已公示的接待日。请先在“接待日与值班”中公示；其他日子的来访请登记为普通来访。',
    'No published reception day this or last month. Publish one under reception days; register other walk-ins as ordinary visits.',
  ],
  representativesPresent: ['接待的党代表', 'Representatives who received them'],
  visitorName: ['来访人姓名', 'Visitor’s name'],
  visitorPhone: ['来访人电话', 'Visitor’s phone'],
  visitorPhoneHint: ['转为诉求时必填', 'Required when it becomes a case'],
  groupSize: ['来访人数', 'People in the group'],
  groupVisit: ['集体访', 'Group visit'],
  matter: ['反映事项', 'The matter raised'],
  outcome: ['办理结果', 'Outcome'],
  answer: ['答复内容', 'What they were told'],
  caseTitle: ['诉求标题', 'Case title'],
  visitRegistered: ['来访已登记', 'Visit registered'],
  visitBecameCase: [
    '来访已登记并转为诉求，跟踪码：',
    'Visit registered and turned into a case; tracking code: ',
  ],
  dayVisits: ['当天已登记的来访', 'Visits registered that day'],
  noVisits: ['当天还没有登记来访', 'No visits registered that day yet'],
  visitor: ['来访人', 'Visitor'],
  chooseOne: ['请至少选择一项', 'Choose at least one'],
  scannedPages: ['信件扫描页', 'Scanned letter pages'],
  scannedPagesHint: [
    '图片（JPEG、PNG 等）或 PDF，每页不超过 10 MB，按页码顺序选择',
    'Images (JPEG, PNG and others) or PDF, up to 10 MB each, chosen in page order',
  ],
  trackingPinForLetter: [
    '没有电话，请把跟踪码和查询码写进受理告知书寄给诉求人，凭它们在网上查询进度。查询码：',
    'No phone: write the tracking code and this PIN into the acknowledgement letter; they let the petitioner track it online. PIN: ',
  ],
  uploading: ['正在上传扫描页…', 'Uploading the pages…'],
  pageTooLarge: ['“{name}”超过 10 MB', '“{name}” is larger than 10 MB'],
  pageWrongType: ['“{name}”不是图片或 PDF', '“{name}” is not an image or a PDF'],
  tooManyPages: ['最多 {n} 页', 'At most {n} pages'],
  address: ['通信地址', 'Postal address'],
  replyRoute: ['答复方式', 'How they hear back'],
  addressHint: [
    '来信只留地址、没有电话时填写：答复将邮寄给诉求人。',
    'For a letter that gives only a postal address: the reply will be sent by post.',
  ],
  phoneOrAddress: ['请填写电话，或在来信时填写通信地址', 'A phone, or for a letter a postal address'],
  letter: ['来信', 'Letter'],
  name: ['姓名', 'Name'],
  phone: ['联系电话', 'Phone'],
  anonymous: ['匿名', 'Anonymous'],
  confidential: ['保密件', 'Confidential'],
  chooseCategory: ['不确定，由系统分派', 'Not sure: let the router decide'],
  registered: ['已登记，跟踪码：', 'Registered; tracking code: '],
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
    '放假日与调休上班日（每行：日期 放假或上班 名称，如 2027-02-06 放假 春节）',
    'Days (one per line: date, holiday or workday, name; e.g. 2027-02-06 holiday Spring Festival)',
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
  clearedForConfidential: [
    '可查阅保密件（仅督办人员，须另一人审批）',
    'Cleared for confidential cases (supervisors; needs a second approval)',
  ],
  unitLead: [
    '单位负责人（仅承办人，可把本单位诉求分配给个人）',
    'Unit lead (handlers; assigns the unit’s cases to people)',
  ],
  mine: ['我的', 'Mine'],
  unassigned: ['未分配', 'Unassigned'],
  owner: ['承办人', 'Owner'],
  noOwner: ['未分配', 'Nobody yet'],
  assignOwner: ['分配', 'Assign'],
  takeCase: ['我来办', 'Take it'],
  loadTitle: ['本单位在办件数', 'Open cases per person'],
  ownerSaved: ['已分配', 'Assigned'],
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
  version: ['版本', 'Version'],
  deliveryMethod: ['送达方式', 'Method'],
  attempts: ['尝试次数', 'Attempts'],
  problem: ['问题', 'Problem'],
  metOnTime: ['已于 {date} 完成，按期', 'Met on {date}, on time'],
  metLate: ['已于 {date} 完成，超期', 'Met on {date}, late'],
  carded: ['已超期（{card}督办）', 'Overdue ({card})'],
  unanswered: ['评价期内未评价', 'Not rated in time'],
  surveyResult: ['诉求人评价', 'The petitioner’s rating'],
  surveyComment: ['诉求人意见', 'Comment'],
  surveyVia: ['回访录入', 'recorded from a call-back'],
  redoBadge: ['重新办理（第 {n} 次）', 'Handled again ({n})'],
  dissatisfiedBadge: ['诉求人不满意', 'Petitioner dissatisfied'],
  leftScope: ['{action}已完成。此件已不在您的待办中。', '{action} done. The case has left your list.'],
  otherActions: ['退件', 'Send back'],
  // Account changes that need a second person (separation of duties).
  approvals: ['账户审批', 'Account approvals'],
  approvalsHint: [
    '新建可查看群众个人信息或可审批的账户、变更此类账户的角色或邮箱、重置其密码，须由申请人以外的另一名管理员或督办人员批准后才生效。',
    'Creating an account that reads personal data or approves changes, changing its role or e-mail, or resetting its password takes effect only when an administrator or supervisor other than the requester approves it.',
  ],
  requester: ['申请人', 'Requested by'],
  requestedAt: ['申请时间', 'Requested'],
  validUntil: ['有效期至', 'Valid until'],
  decider: ['审批人', 'Decided by'],
  change: ['变更内容', 'Change'],
  account: ['账户', 'Account'],
  refuse: ['拒绝', 'Refuse'],
  withdraw: ['撤回', 'Withdraw'],
  noRequests: ['暂无账户变更申请', 'No account requests'],
  sentForApproval: [
    '已提交审批：须由另一名管理员或督办人员在“账户审批”中批准后生效。',
    'Submitted: another administrator or a supervisor must approve it under Account approvals.',
  ],
  approvedPassword: [
    '已批准。请将临时密码当面交给本人（只显示这一次）：',
    'Approved. Hand the temporary password to the person (shown once): ',
  ],
  approvedDone: ['已批准并生效', 'Approved and applied'],
  emailChanged: ['邮箱变更', 'e-mail changed'],
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

const lang = (): Lang => (language() === 'en' ? 'en' : 'zh');

/** Display names come from the one wording module (shared/domain/case/wording.ts), in the console's language. */
export const statusName = (status: string) => words.statusName(status, lang());
export const commandName = (command: string) => words.commandName(command, lang());
export const similarKindName = (kind: string) => words.similarKindName(kind, lang());
export const similarDecisionName = (decision: string) => words.similarDecisionName(decision, lang());
export const eventName = (type: string) => words.eventName(type, lang());
export const channelName = (channel: string) => words.channelName(channel, lang());
export const roleName = (role: string) => words.roleName(role, lang());
export const replyRouteName = (route: string) => words.replyRouteName(route, lang());
export const visitOutcomeName = (outcome: string) => words.visitOutcomeName(outcome, lang());
export const visitKindName = (group: boolean) => words.visitKindName(group, lang());
export const ratingName = (rating: string) => words.ratingName(rating, lang());
export const petitionTypeName = (type: string) => words.petitionTypeName(type, lang());
export const wordingLang = lang;

const requestKindNames = {
  create: ['新建账户', 'New account'],
  update: ['变更角色或邮箱', 'Role or e-mail change'],
  resetPassword: ['重置密码', 'Password reset'],
} as const;

export function requestKindName(kind: string): string {
  const pair = requestKindNames[kind as keyof typeof requestKindNames];
  return pair ? pair[language() === 'en' ? 1 : 0] : kind;
}

const requestStatusNames = {
  pending: ['待审批', 'Pending'],
  approved: ['已批准', 'Approved'],
  refused: ['已拒绝', 'Refused'],
  withdrawn: ['已撤回', 'Withdrawn'],
  expired: ['已过期', 'Expired'],
} as const;

export function requestStatusName(status: string): string {
  const pair = requestStatusNames[status as keyof typeof requestStatusNames];
  return pair ? pair[language() === 'en' ? 1 : 0] : status;
}

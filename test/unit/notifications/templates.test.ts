import { describe, expect, it } from 'vitest';
import {
  lapsedWindow,
  renderNotification,
  type TemplateContext,
} from '../../../shared/domain/notifications/templates.ts';
import { notificationTemplates } from '../../../shared/schemas/messages.ts';

/** The exact words people receive: every notice kind, with every value known and with none. */

const full: TemplateContext = {
  trackingCode: 'HY-2345-6789',
  unitName: '县水利局',
  trackUrl: 'https://hy.example.cn/t',
  surveyUrl: 'https://hy.example.cn/s/abc',
  surveyWindow: '30日',
  deadline: '12月14日',
  extension: '5个工作日',
  reason: '需现场勘查',
  reviewBody: '县人民政府',
  opinion: '经复查，维持原意见。',
  outcome: '维持原处理意见',
  requestUntil: '1月14日',
  title: '水渠堵塞',
  unlockUrl: 'https://hy.example.cn/u/tok',
  code: '123456',
  validMinutes: 5,
  trackingPin: '7391',
  reception: {
    studioName: '城关代表工作室',
    address: '城关镇人民路1号',
    date: '12月10日（周四）',
    hours: '9:00–11:30',
    representativeNames: ['王芳', '李强'],
  },
  account: {
    step: 'requested',
    kind: 'create',
    targetName: '张三',
    roleName: '督办人员',
    requesterName: '管理员甲',
    deciderName: '管理员乙',
  },
};

const bare: TemplateContext = { trackingCode: 'HY-2345-6789', trackUrl: 'https://hy.example.cn/t' };

/** Without the values a notice may lack: the unit, the title, the opinion, the reception day, the account… */
const {
  unitName: _unitName,
  title: _title,
  opinion: _opinion,
  validMinutes: _validMinutes,
  trackingPin: _trackingPin,
  stage: _stage,
  reception: _reception,
  account: _account,
  ...withoutOptional
} = full;

const renderAll = (context: TemplateContext) =>
  Object.fromEntries(
    notificationTemplates.map((template) => [template, renderNotification(template, context)]),
  );

describe('the words of every notice', () => {
  it('renders every notice kind with every value known', () => {
    expect(renderAll(full)).toMatchInlineSnapshot(`
      {
        "acceptedNotice": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）已由县水利局受理并办理，答复期限为 12月14日。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "诉求已受理（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已由县水利局受理办理，将于12月14日前答复您。详情：https://hy.example.cn/t",
        },
        "accountRequest": {
          "emailBody": "管理员甲申请新建账户：张三（督办人员），须由另一名管理员或督办人员审批。

      请登录回音工作台“账户审批”查看；如非正常业务需要，请及时联系系统管理员。",
          "emailSubject": "账户审批：管理员甲申请新建账户：张三（督办人员），须由另一名管理员或督办人员审批",
          "sms": "【回音】账户审批：管理员甲申请新建账户：张三（督办人员），须由另一名管理员或督办人员审批。请登录回音工作台查看。",
        },
        "assignedNotice": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）已受理，交由县水利局办理，答复期限为 12月14日。
      如承办单位认为不属于其职责，会退回重新分派，我们会再告知您。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "诉求已受理（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已受理，交由县水利局办理，将于12月14日前答复您。详情：https://hy.example.cn/t",
        },
        "concluded": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）复查申请期限已过，处理意见为最终意见，此件已终结。

      查看详情：https://hy.example.cn/t",
          "emailSubject": "诉求已终结（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）复查申请期限已过，处理意见为最终意见，此件已终结。详情：https://hy.example.cn/t",
        },
        "dissatisfiedNotice": {
          "emailBody": "HY-2345-6789（水渠堵塞）诉求人对答复不满意，诉求人可于1月14日前向县人民政府申请复查。评价和意见见回音工作台。",
          "emailSubject": "诉求人不满意：HY-2345-6789：水渠堵塞",
          "sms": "【回音】诉求人不满意：HY-2345-6789，诉求人可于1月14日前向县人民政府申请复查。",
        },
        "extended": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）办理期限延长5个工作日，新的答复期限为 12月14日。
      原因：需现场勘查

      查看进度：https://hy.example.cn/t",
          "emailSubject": "办理期限延长（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）办理期限延长5个工作日，原因：需现场勘查。详情：https://hy.example.cn/t",
        },
        "newAssignment": {
          "emailBody": "新交办件 HY-2345-6789：水渠堵塞
      请于 12月14日 前登录回音工作台签收办理。",
          "emailSubject": "新交办件 HY-2345-6789：水渠堵塞",
          "sms": "【回音】新交办件 HY-2345-6789，请于12月14日前签收。",
        },
        "phoneVerification": {
          "emailBody": "您的验证码是 123456，5 分钟内有效，仅用于提交诉求。请勿告诉他人。",
          "emailSubject": "回音验证码",
          "sms": "【回音】您的验证码是 123456，5 分钟内有效，仅用于提交诉求。请勿告诉他人。",
        },
        "receptionReminder": {
          "emailBody": "接待日提醒

      时间：12月10日（周四） 9:00–11:30
      地点：城关代表工作室（城关镇人民路1号）
      值班代表：王芳、李强

      请准时到岗；来访登记请在回音工作台"接待日"中录入。",
          "emailSubject": "接待日提醒：12月10日（周四） 城关代表工作室",
          "sms": "【回音】接待日提醒：明天12月10日（周四） 9:00–11:30在城关代表工作室接待群众，值班代表：王芳、李强。",
        },
        "recheckDecided": {
          "emailBody": "您好：

      县人民政府对您的诉求（HY-2345-6789）作出复核意见：维持原处理意见。
      经复查，维持原意见。

      复核意见为最终意见，此件已终结；以同一事实和理由再次提出的，不再受理（信访工作条例第三十六条）。

      查看详情：https://hy.example.cn/t",
          "emailSubject": "复核意见（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）复核意见：维持原处理意见。复核意见为最终意见，此件已终结。详情：https://hy.example.cn/t",
        },
        "recheckRequested": {
          "emailBody": "您好：

      您对诉求（HY-2345-6789）的复核申请已受理，由县人民政府办理，将于 12月14日 前作出复核意见并书面答复您。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "复核申请已受理（HY-2345-6789）",
          "sms": "【回音】您的复核申请（HY-2345-6789）已受理，由县人民政府办理，将于12月14日前书面答复您。",
        },
        "redCard": {
          "emailBody": "HY-2345-6789（水渠堵塞）截止 12月14日 严重超期，现予红牌督办，请立即办理并书面说明原因。",
          "emailSubject": "督办红牌：HY-2345-6789 严重超期",
          "sms": "【回音】督办（红牌）：HY-2345-6789 严重超期，请立即办理并说明原因。",
        },
        "redo": {
          "emailBody": "您好：

      根据您的评价，您的诉求（HY-2345-6789）已交县水利局重新办理，将于 12月14日 前再次答复您。
      如对再次答复仍不满意，可以申请上一级机关复查。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "诉求重新办理（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已交县水利局重新办理，将于12月14日前再次答复您。详情：https://hy.example.cn/t",
        },
        "redoAssigned": {
          "emailBody": "HY-2345-6789（水渠堵塞）诉求人对答复不满意，请于 12月14日 前重新办理并答复。",
          "emailSubject": "重新办理：HY-2345-6789：水渠堵塞",
          "sms": "【回音】重新办理：HY-2345-6789 诉求人不满意，请于12月14日前重新办理并答复。",
        },
        "registered": {
          "emailBody": "您好：

      您的诉求已登记，跟踪码为 HY-2345-6789。我们会交由负责的单位办理，并在规定时限内答复您。

      查询办理进度：https://hy.example.cn/t
      （请输入跟踪码；在"电话后四位"一栏填写查询码 7391）

      件件有落实、事事有回音。",
          "emailSubject": "您的诉求已登记（HY-2345-6789）",
          "sms": "【回音】您的诉求已登记，跟踪码 HY-2345-6789。凭跟踪码和电话后四位可查询进度：https://hy.example.cn/t",
        },
        "rejected": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）由县水利局决定不予受理。
      原因：需现场勘查

      如对此有异议，可于1月14日前向县人民政府书面申请复查（信访工作条例第三十五条）。

      查看详情：https://hy.example.cn/t",
          "emailSubject": "诉求不予受理（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）不予受理，原因：需现场勘查。如有异议，可于1月14日前向县人民政府申请复查。详情：https://hy.example.cn/t",
        },
        "reminder": {
          "emailBody": "HY-2345-6789（水渠堵塞）将于 12月14日 到期，请及时办理。",
          "emailSubject": "催办：HY-2345-6789 将于12月14日到期",
          "sms": "【回音】催办：HY-2345-6789 将于12月14日到期，请及时办理。",
        },
        "replied": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）已由县水利局答复。

      查看答复：https://hy.example.cn/t",
          "emailSubject": "您的诉求已答复（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已由县水利局答复，请查看：https://hy.example.cn/t",
        },
        "reviewDecided": {
          "emailBody": "您好：

      县人民政府对您的诉求（HY-2345-6789）作出复查意见：维持原处理意见。
      经复查，维持原意见。

      如对复查意见不服，可于 1月14日 前向县人民政府的上一级机关申请复核（信访工作条例第三十六条）；逾期复查意见为最终意见。

      查看详情：https://hy.example.cn/t",
          "emailSubject": "复查意见（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）复查意见：维持原处理意见。如不服，可于1月14日前向县人民政府申请复核。详情：https://hy.example.cn/t",
        },
        "reviewRequested": {
          "emailBody": "您好：

      您对诉求（HY-2345-6789）的复查申请已受理，由县人民政府办理，将于 12月14日 前作出复查意见并书面答复您。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "复查申请已受理（HY-2345-6789）",
          "sms": "【回音】您的复查申请（HY-2345-6789）已受理，由县人民政府办理，将于12月14日前书面答复您。",
        },
        "reviewToDecide": {
          "emailBody": "HY-2345-6789（水渠堵塞）的复查/复核申请已受理，由县人民政府办理，请于 12月14日 前作出意见并在回音工作台录入。",
          "emailSubject": "复查/复核待办：HY-2345-6789",
          "sms": "【回音】待录入意见：HY-2345-6789 的复查/复核请于12月14日前作出意见。",
        },
        "surveyInvitation": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）已办结。请花一分钟告诉我们您是否满意：
      https://hy.example.cn/s/abc

      链接自答复之日起30日内有效（至12月14日），只能评价一次。如不满意，可以请承办单位重新办理，也可以申请上一级机关复查。",
          "emailSubject": "请评价诉求办理结果（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已办结，请于12月14日前评价：https://hy.example.cn/s/abc（自答复之日起30日内有效）",
        },
        "trackingLocked": {
          "emailBody": "有人在查询您的诉求 HY-2345-6789 时连续输错电话后四位（或查询码），为保护您的信息，查询已暂停 24 小时。

      如果是您本人，请打开以下链接解除锁定，然后重新输入：
      https://hy.example.cn/u/tok

      也可以在查询页面输入解锁码 123456（24 小时内有效）。请勿告诉他人。

      如果不是您本人，无需处理，您的诉求内容没有泄露。",
          "emailSubject": "诉求 HY-2345-6789 的查询已暂停",
          "sms": "【回音】诉求 HY-2345-6789 的查询已连续输错电话后四位，已暂停查询 24 小时。如是您本人，请在查询页面输入解锁码 123456（24 小时内有效），或点此解锁：https://hy.example.cn/u/tok",
        },
        "yellowCard": {
          "emailBody": "HY-2345-6789（水渠堵塞）已于 12月14日 超期，现予黄牌督办，请立即办理。",
          "emailSubject": "督办黄牌：HY-2345-6789 已超期",
          "sms": "【回音】督办（黄牌）：HY-2345-6789 已超期，请立即办理。",
        },
      }
    `);
  });

  it('renders every notice kind without the values that have fallback words', () => {
    expect(renderAll(withoutOptional)).toMatchInlineSnapshot(`
      {
        "acceptedNotice": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）已由承办单位受理并办理，答复期限为 12月14日。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "诉求已受理（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已由承办单位受理办理，将于12月14日前答复您。详情：https://hy.example.cn/t",
        },
        "accountRequest": {
          "emailBody": "工作人员账户有变更。

      请登录回音工作台“账户审批”查看；如非正常业务需要，请及时联系系统管理员。",
          "emailSubject": "账户审批：工作人员账户有变更",
          "sms": "【回音】账户审批：工作人员账户有变更。请登录回音工作台查看。",
        },
        "assignedNotice": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）已受理，交由承办单位办理，答复期限为 12月14日。
      如承办单位认为不属于其职责，会退回重新分派，我们会再告知您。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "诉求已受理（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已受理，交由承办单位办理，将于12月14日前答复您。详情：https://hy.example.cn/t",
        },
        "concluded": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）复查申请期限已过，处理意见为最终意见，此件已终结。

      查看详情：https://hy.example.cn/t",
          "emailSubject": "诉求已终结（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）复查申请期限已过，处理意见为最终意见，此件已终结。详情：https://hy.example.cn/t",
        },
        "dissatisfiedNotice": {
          "emailBody": "HY-2345-6789（）诉求人对答复不满意，诉求人可于1月14日前向县人民政府申请复查。评价和意见见回音工作台。",
          "emailSubject": "诉求人不满意：HY-2345-6789：",
          "sms": "【回音】诉求人不满意：HY-2345-6789，诉求人可于1月14日前向县人民政府申请复查。",
        },
        "extended": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）办理期限延长5个工作日，新的答复期限为 12月14日。
      原因：需现场勘查

      查看进度：https://hy.example.cn/t",
          "emailSubject": "办理期限延长（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）办理期限延长5个工作日，原因：需现场勘查。详情：https://hy.example.cn/t",
        },
        "newAssignment": {
          "emailBody": "新交办件 HY-2345-6789：
      请于 12月14日 前登录回音工作台签收办理。",
          "emailSubject": "新交办件 HY-2345-6789：",
          "sms": "【回音】新交办件 HY-2345-6789，请于12月14日前签收。",
        },
        "phoneVerification": {
          "emailBody": "您的验证码是 123456，10 分钟内有效，仅用于提交诉求。请勿告诉他人。",
          "emailSubject": "回音验证码",
          "sms": "【回音】您的验证码是 123456，10 分钟内有效，仅用于提交诉求。请勿告诉他人。",
        },
        "receptionReminder": {
          "emailBody": "接待日提醒

      时间：
      地点：（）
      值班代表：（待定）

      请准时到岗；来访登记请在回音工作台"接待日"中录入。",
          "emailSubject": "接待日提醒： ",
          "sms": "【回音】接待日提醒：明天在工作室接待群众，值班代表：（待定）。",
        },
        "recheckDecided": {
          "emailBody": "您好：

      县人民政府对您的诉求（HY-2345-6789）作出复核意见：维持原处理意见。


      复核意见为最终意见，此件已终结；以同一事实和理由再次提出的，不再受理（信访工作条例第三十六条）。

      查看详情：https://hy.example.cn/t",
          "emailSubject": "复核意见（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）复核意见：维持原处理意见。复核意见为最终意见，此件已终结。详情：https://hy.example.cn/t",
        },
        "recheckRequested": {
          "emailBody": "您好：

      您对诉求（HY-2345-6789）的复核申请已受理，由县人民政府办理，将于 12月14日 前作出复核意见并书面答复您。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "复核申请已受理（HY-2345-6789）",
          "sms": "【回音】您的复核申请（HY-2345-6789）已受理，由县人民政府办理，将于12月14日前书面答复您。",
        },
        "redCard": {
          "emailBody": "HY-2345-6789（）截止 12月14日 严重超期，现予红牌督办，请立即办理并书面说明原因。",
          "emailSubject": "督办红牌：HY-2345-6789 严重超期",
          "sms": "【回音】督办（红牌）：HY-2345-6789 严重超期，请立即办理并说明原因。",
        },
        "redo": {
          "emailBody": "您好：

      根据您的评价，您的诉求（HY-2345-6789）已交承办单位重新办理，将于 12月14日 前再次答复您。
      如对再次答复仍不满意，可以申请上一级机关复查。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "诉求重新办理（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已交承办单位重新办理，将于12月14日前再次答复您。详情：https://hy.example.cn/t",
        },
        "redoAssigned": {
          "emailBody": "HY-2345-6789（）诉求人对答复不满意，请于 12月14日 前重新办理并答复。",
          "emailSubject": "重新办理：HY-2345-6789：",
          "sms": "【回音】重新办理：HY-2345-6789 诉求人不满意，请于12月14日前重新办理并答复。",
        },
        "registered": {
          "emailBody": "您好：

      您的诉求已登记，跟踪码为 HY-2345-6789。我们会交由负责的单位办理，并在规定时限内答复您。

      查询办理进度：https://hy.example.cn/t
      （请输入跟踪码和登记电话的后四位）

      件件有落实、事事有回音。",
          "emailSubject": "您的诉求已登记（HY-2345-6789）",
          "sms": "【回音】您的诉求已登记，跟踪码 HY-2345-6789。凭跟踪码和电话后四位可查询进度：https://hy.example.cn/t",
        },
        "rejected": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）由承办单位决定不予受理。
      原因：需现场勘查

      如对此有异议，可于1月14日前向县人民政府书面申请复查（信访工作条例第三十五条）。

      查看详情：https://hy.example.cn/t",
          "emailSubject": "诉求不予受理（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）不予受理，原因：需现场勘查。如有异议，可于1月14日前向县人民政府申请复查。详情：https://hy.example.cn/t",
        },
        "reminder": {
          "emailBody": "HY-2345-6789（）将于 12月14日 到期，请及时办理。",
          "emailSubject": "催办：HY-2345-6789 将于12月14日到期",
          "sms": "【回音】催办：HY-2345-6789 将于12月14日到期，请及时办理。",
        },
        "replied": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）已由承办单位答复。

      查看答复：https://hy.example.cn/t",
          "emailSubject": "您的诉求已答复（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已由承办单位答复，请查看：https://hy.example.cn/t",
        },
        "reviewDecided": {
          "emailBody": "您好：

      县人民政府对您的诉求（HY-2345-6789）作出复查意见：维持原处理意见。


      如对复查意见不服，可于 1月14日 前向县人民政府的上一级机关申请复核（信访工作条例第三十六条）；逾期复查意见为最终意见。

      查看详情：https://hy.example.cn/t",
          "emailSubject": "复查意见（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）复查意见：维持原处理意见。如不服，可于1月14日前向县人民政府申请复核。详情：https://hy.example.cn/t",
        },
        "reviewRequested": {
          "emailBody": "您好：

      您对诉求（HY-2345-6789）的复查申请已受理，由县人民政府办理，将于 12月14日 前作出复查意见并书面答复您。

      查看进度：https://hy.example.cn/t",
          "emailSubject": "复查申请已受理（HY-2345-6789）",
          "sms": "【回音】您的复查申请（HY-2345-6789）已受理，由县人民政府办理，将于12月14日前书面答复您。",
        },
        "reviewToDecide": {
          "emailBody": "HY-2345-6789（）的复查/复核申请已受理，由县人民政府办理，请于 12月14日 前作出意见并在回音工作台录入。",
          "emailSubject": "复查/复核待办：HY-2345-6789",
          "sms": "【回音】待录入意见：HY-2345-6789 的复查/复核请于12月14日前作出意见。",
        },
        "surveyInvitation": {
          "emailBody": "您好：

      您的诉求（HY-2345-6789）已办结。请花一分钟告诉我们您是否满意：
      https://hy.example.cn/s/abc

      链接自答复之日起30日内有效（至12月14日），只能评价一次。如不满意，可以请承办单位重新办理，也可以申请上一级机关复查。",
          "emailSubject": "请评价诉求办理结果（HY-2345-6789）",
          "sms": "【回音】您的诉求（HY-2345-6789）已办结，请于12月14日前评价：https://hy.example.cn/s/abc（自答复之日起30日内有效）",
        },
        "trackingLocked": {
          "emailBody": "有人在查询您的诉求 HY-2345-6789 时连续输错电话后四位（或查询码），为保护您的信息，查询已暂停 24 小时。

      如果是您本人，请打开以下链接解除锁定，然后重新输入：
      https://hy.example.cn/u/tok

      也可以在查询页面输入解锁码 123456（24 小时内有效）。请勿告诉他人。

      如果不是您本人，无需处理，您的诉求内容没有泄露。",
          "emailSubject": "诉求 HY-2345-6789 的查询已暂停",
          "sms": "【回音】诉求 HY-2345-6789 的查询已连续输错电话后四位，已暂停查询 24 小时。如是您本人，请在查询页面输入解锁码 123456（24 小时内有效），或点此解锁：https://hy.example.cn/u/tok",
        },
        "yellowCard": {
          "emailBody": "HY-2345-6789（）已于 12月14日 超期，现予黄牌督办，请立即办理。",
          "emailSubject": "督办黄牌：HY-2345-6789 已超期",
          "sms": "【回音】督办（黄牌）：HY-2345-6789 已超期，请立即办理。",
        },
      }
    `);
  });

  it('says which request window passed when a case concludes', () => {
    expect(lapsedWindow).toEqual({
      reply: { step: '复查', final: '处理意见' },
      review: { step: '复核', final: '复查意见' },
    });
    expect(renderNotification('concluded', { ...bare, stage: 'review' }).sms).toBe(
      '【回音】您的诉求（HY-2345-6789）复核申请期限已过，复查意见为最终意见，此件已终结。详情：https://hy.example.cn/t',
    );
    expect(renderNotification('concluded', { ...bare, stage: 'reply' }).sms).toBe(
      '【回音】您的诉求（HY-2345-6789）复查申请期限已过，处理意见为最终意见，此件已终结。详情：https://hy.example.cn/t',
    );
  });

  it('says that a review was already asked for when there is no request window left', () => {
    expect(renderNotification('dissatisfiedNotice', { ...full, requestUntil: undefined }).sms).toBe(
      '【回音】诉求人不满意：HY-2345-6789，诉求人已申请复查，由县人民政府办理。',
    );
    expect(renderNotification('dissatisfiedNotice', { ...full, reviewBody: undefined }).sms).toBe(
      `【回音】诉求人不满意：HY-2345-6789，诉求人可于${full.requestUntil}前向上一级机关申请复查。`,
    );
    expect(
      renderNotification('dissatisfiedNotice', { ...full, reviewBody: undefined, requestUntil: undefined })
        .sms,
    ).toBe('【回音】诉求人不满意：HY-2345-6789，诉求人已申请复查，由上一级机关办理。');
  });

  it('describes every step and kind of a staff account change in one sentence', () => {
    const account = full.account!;
    const subject = (change: Partial<NonNullable<TemplateContext['account']>>) =>
      renderNotification('accountRequest', { ...bare, account: { ...account, ...change } }).emailSubject;
    expect(subject({})).toBe(
      '账户审批：管理员甲申请新建账户：张三（督办人员），须由另一名管理员或督办人员审批',
    );
    expect(subject({ step: 'approved', kind: 'update' })).toBe(
      '账户审批：管理员乙批准了管理员甲的申请，已变更账户角色或邮箱：张三（督办人员）',
    );
    expect(subject({ step: 'approved', deciderName: undefined })).toBe(
      '账户审批：审批人批准了管理员甲的申请，已新建账户：张三（督办人员）',
    );
    expect(subject({ step: 'refused', kind: 'resetPassword' })).toBe(
      '账户审批：管理员乙拒绝了管理员甲的申请（重置密码：张三（督办人员））',
    );
    expect(subject({ step: 'withdrawn' })).toBe('账户审批：管理员甲撤回了申请（新建账户：张三（督办人员））');
  });

  it('reminds of a reception day without hours or representatives', () => {
    const reception = { ...full.reception!, hours: undefined, representativeNames: [] };
    expect(renderNotification('receptionReminder', { ...bare, reception }).sms).toBe(
      '【回音】接待日提醒：明天12月10日（周四）在城关代表工作室接待群众，值班代表：（待定）。',
    );
  });
});

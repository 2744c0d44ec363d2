import type { Agent } from 'node:http';
import type { SmsTemplates } from '../../domain/notifications/sms-templates.ts';
import { prepareSms } from '../../domain/notifications/sms-templates.ts';
import {
  NotificationSendError,
  type NotificationTransport,
  type OutgoingNotification,
} from '../../ports/notification-transport.ts';

/**
 * SMS through Tencent Cloud SMS (短信, API 2021-01-11 `SendSms`) with its official Node.js SDK: the notice's
 * registered template, its variables fitted to the provider's rules, the county's signature. The SDK signs
 * each request (TC3-HMAC-SHA256) with keys read from Secrets Manager on first use, and it is imported on first
 * use too, so functions that never send an SMS never load it. The SDK does not retry; the notifications queue
 * does (docs/routing.md).
 *
 * A 200 answer is not yet a sent message: `SendStatusSet` holds a status per number, and anything but `Ok`
 * there is a failure with the provider's code.
 */

export interface TencentCredentials {
  readonly secretId: string;
  readonly secretKey: string;
}

export interface TencentSmsOptions {
  readonly appId: string;
  readonly region: string;
  /** `https://sms.tencentcloudapi.com` (or a regional host); the SDK derives the signed service from the host. */
  readonly endpoint: string;
  readonly signName: string;
  readonly templates: SmsTemplates;
  readonly credentials: () => Promise<TencentCredentials>;
  /** The connection's agent: an egress proxy, or a test that resolves the provider's host to a stand-in. */
  readonly agent?: Agent;
  /** Per request; well inside the notifier's Lambda timeout. */
  readonly timeoutSeconds?: number;
}

/** Codes after which this number will not receive the message however often it is retried. */
const UNDELIVERABLE = new Set([
  'InvalidParameterValue.IncorrectPhoneNumber',
  'FailedOperation.PhoneNumberInBlacklist',
  'FailedOperation.PhoneNumberOnBlacklist',
  'UnsupportedOperation.ContainDomesticAndInternationalPhoneNumber',
]);

/** Mainland mobile numbers only: a landline cannot receive an SMS. */
const MAINLAND_MOBILE = /^1[3-9]\d{9}$/;

type SendSms = (request: {
  PhoneNumberSet: string[];
  SmsSdkAppId: string;
  SignName: string;
  TemplateId: string;
  TemplateParamSet: string[];
  SessionContext: string;
}) => Promise<{ SendStatusSet?: { Code?: string }[] }>;

export class TencentSmsTransport implements NotificationTransport {
  readonly #options: TencentSmsOptions;
  #sendSms?: Promise<SendSms>;

  constructor(options: TencentSmsOptions) {
    this.#options = options;
  }

  async send(notification: OutgoingNotification): Promise<void> {
    if (notification.channel !== 'sms')
      throw new Error(`TencentSmsTransport does not send ${notification.channel} notifications`);
    const mobile = notification.to.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '');
    if (!MAINLAND_MOBILE.test(mobile)) throw new NotificationSendError('NotAMainlandMobile', true);
    const prepared = prepareSms(
      this.#options.templates,
      this.#options.signName,
      notification.template,
      notification.variables ?? {},
    );
    this.#sendSms ??= this.#client();
    const sendSms = await this.#sendSms;
    let status: string | undefined;
    try {
      const response = await sendSms({
        PhoneNumberSet: [`+86${mobile}`],
        SmsSdkAppId: this.#options.appId,
        SignName: this.#options.signName,
        TemplateId: prepared.templateId,
        TemplateParamSet: prepared.parameters.map((parameter) => parameter.value),
        // Returned in delivery receipts: ties a receipt to the ledger entry without any personal data.
        SessionContext: notification.id,
      });
      status = response.SendStatusSet?.[0]?.Code;
    } catch (error) {
      throw new NotificationSendError(sdkErrorCode(error), UNDELIVERABLE.has(sdkErrorCode(error)), {
        cause: error,
      });
    }
    if (status !== 'Ok')
      throw new NotificationSendError(status ?? 'NoSendStatus', UNDELIVERABLE.has(status ?? ''));
  }

  async #client(): Promise<SendSms> {
    const { Client } = await import(
      'tencentcloud-sdk-nodejs-sms/tencentcloud/services/sms/v20210111/sms_client.js'
    );
    const url = new URL(this.#options.endpoint);
    const client = new Client({
      // Asked on every request: keys come from Secrets Manager once, on the first send.
      credential: { getCredential: () => this.#options.credentials() },
      region: this.#options.region,
      profile: {
        httpProfile: {
          endpoint: url.host,
          protocol: `${url.protocol}//`,
          reqTimeout: this.#options.timeoutSeconds ?? 10,
          ...(this.#options.agent ? { agent: this.#options.agent } : {}),
        },
      },
    });
    return (request) => client.SendSms(request);
  }
}

/** The SDK's error: an API error code, an HTTP status, or a connection failure (which has neither). */
function sdkErrorCode(error: unknown): string {
  const failure = error as { code?: unknown; httpCode?: unknown };
  if (typeof failure.code === 'string' && failure.code) return failure.code;
  if (typeof failure.httpCode === 'number') return `HTTP${failure.httpCode}`;
  return 'ConnectionFailed';
}

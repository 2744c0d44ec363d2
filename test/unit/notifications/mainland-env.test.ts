import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '../../../shared/config/env.ts';
import { imapSettings, smtpSettings } from '../../../shared/config/mail-env.ts';
import {
  emailTransport,
  smsTemplateSettings,
  smsTransport,
  tencentSmsSettings,
} from '../../../shared/config/mainland-env.ts';
import { ConfigurationError } from '../../../shared/errors/index.ts';

const templatesJson = readFileSync(
  resolve(import.meta.dirname, '../../../config/sms-templates.example.json'),
  'utf8',
);

const saved = { ...process.env };

/** A fresh environment of exactly these variables (read again from scratch, as at a cold start). */
function withEnv(variables: Record<string, string>): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, variables);
  resetEnvCache();
}

afterEach(() => {
  withEnv(saved as Record<string, string>);
});

const failure = (read: () => unknown) => {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected a configuration error');
};

describe('mainland transport settings', () => {
  it('choose SNS/SES or the outbox by default, and the mainland providers when named', () => {
    withEnv({ NOTIFY_TRANSPORT: 'aws' });
    expect([smsTransport(), emailTransport()]).toEqual(['sns', 'ses']);
    withEnv({ NOTIFY_TRANSPORT: 'outbox' });
    expect([smsTransport(), emailTransport()]).toEqual(['outbox', 'outbox']);
    withEnv({ NOTIFY_TRANSPORT: 'aws', SMS_TRANSPORT: 'tencent', EMAIL_TRANSPORT: 'smtp' });
    expect([smsTransport(), emailTransport()]).toEqual(['tencent', 'smtp']);
    withEnv({ NOTIFY_TRANSPORT: 'aws', SMS_TRANSPORT: 'aliyun' });
    expect(failure(smsTransport)).toContain('SMS_TRANSPORT');
  });

  it('require the templates and the signature for Tencent, and name the variable that is wrong', () => {
    withEnv({ NOTIFY_TRANSPORT: 'aws', SMS_TRANSPORT: 'tencent', SMS_SIGN_NAME: '青溪县信访' });
    expect(failure(smsTemplateSettings)).toContain('SMS_TEMPLATES');
    withEnv({ NOTIFY_TRANSPORT: 'outbox', SMS_SIGN_NAME: '青溪县信访', SMS_TEMPLATES: '{"registered":' });
    expect(failure(smsTemplateSettings)).toMatch(/SMS_TEMPLATES.*expected JSON/);
    withEnv({ NOTIFY_TRANSPORT: 'outbox', SMS_SIGN_NAME: '【青溪】', SMS_TEMPLATES: templatesJson });
    expect(failure(smsTemplateSettings)).toContain('SMS_SIGN_NAME');
    // Without templates the outbox shows plain text, as before.
    withEnv({ NOTIFY_TRANSPORT: 'outbox' });
    expect(smsTemplateSettings()).toBeNull();
    withEnv({ NOTIFY_TRANSPORT: 'outbox', SMS_SIGN_NAME: '青溪县信访', SMS_TEMPLATES: templatesJson });
    expect(smsTemplateSettings()?.templates.registered?.templateId).toBe('2100001');
  });

  it('default the Tencent endpoint and region, and refuse a plain-http endpoint in a cloud stage', () => {
    withEnv({ STAGE: 'prod', SMS_SDK_APP_ID: '1400006666', SMS_CREDENTIALS_SECRET: 'huiyin/tencent-sms' });
    expect(tencentSmsSettings()).toEqual({
      appId: '1400006666',
      region: 'ap-guangzhou',
      endpoint: 'https://sms.tencentcloudapi.com',
      credentialsSecret: 'huiyin/tencent-sms',
    });
    withEnv({
      STAGE: 'prod',
      SMS_SDK_APP_ID: '1400006666',
      SMS_CREDENTIALS_SECRET: 'huiyin/tencent-sms',
      SMS_ENDPOINT: 'http://sms.tencentcloudapi.com',
    });
    expect(failure(tencentSmsSettings)).toContain('https://');
    withEnv({ STAGE: 'prod', SMS_SDK_APP_ID: 'app-1', SMS_CREDENTIALS_SECRET: 'x' });
    expect(failure(tencentSmsSettings)).toContain('SMS_SDK_APP_ID');
  });

  it('take the SMTP port from the security, and want the login and its password secret together', () => {
    withEnv({ STAGE: 'prod', MAIL_SMTP_HOST: 'smtp.qiye.example.cn', MAIL_SMTP_SECURITY: 'tls' });
    expect(smtpSettings()).toEqual({ host: 'smtp.qiye.example.cn', port: 465, security: 'tls' });
    withEnv({
      STAGE: 'prod',
      MAIL_SMTP_HOST: 'smtp.qiye.example.cn',
      MAIL_SMTP_USER: 'xinfang@qingxi.gov.cn',
    });
    expect(failure(smtpSettings)).toContain('MAIL_SMTP_PASSWORD_SECRET');
    withEnv({ STAGE: 'prod', MAIL_SMTP_HOST: 'smtp.qiye.example.cn', MAIL_SMTP_SECURITY: 'none' });
    expect(failure(smtpSettings)).toContain('refused in a cloud stage');
    withEnv({ STAGE: 'local', MAIL_SMTP_HOST: '127.0.0.1', MAIL_SMTP_SECURITY: 'none' });
    expect(smtpSettings().port).toBe(25);
  });

  it('read no mailbox without a host, and need an address when the login is not one', () => {
    withEnv({ STAGE: 'prod' });
    expect(imapSettings()).toBeNull();
    const mailbox = {
      STAGE: 'prod',
      MAIL_IMAP_HOST: 'imap.qiye.example.cn',
      MAIL_IMAP_USER: 'xinfang@qingxi.gov.cn',
      MAIL_IMAP_PASSWORD_SECRET: 'huiyin/imap',
    };
    withEnv(mailbox);
    expect(imapSettings()).toMatchObject({
      port: 993,
      security: 'tls',
      address: 'xinfang@qingxi.gov.cn',
      folder: 'INBOX',
      processedFolder: 'Huiyin/Processed',
      quarantineFolder: 'Huiyin/Quarantine',
      batchSize: 25,
    });
    withEnv({ ...mailbox, MAIL_IMAP_USER: 'xinfang' });
    expect(failure(imapSettings)).toContain('MAIL_IMAP_ADDRESS');
    withEnv({ ...mailbox, MAIL_IMAP_PROCESSED_FOLDER: 'Huiyin/*' });
    expect(failure(imapSettings)).toContain('MAIL_IMAP_PROCESSED_FOLDER');
    withEnv({ ...mailbox, MAIL_IMAP_SECURITY: 'starttls' });
    expect(imapSettings()?.port).toBe(143);
  });
});

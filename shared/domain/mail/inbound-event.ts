import * as z from 'zod';

/**
 * What wakes the mailbox function. In the cloud, an SES receipt rule first stores the raw message in the
 * mail bucket (S3 action, key `raw/<SES message id>`) and then invokes the function (Lambda action, Event
 * invocation) with SES's notification: the message id, envelope and verdicts, but not the content. The
 * local SMTP listener writes the raw message to the emulator's S3 under the same key and invokes the
 * function with the same shape. An S3 `ObjectCreated` notification on the mail bucket is accepted too, for
 * deployments that trigger on the bucket instead of the receipt rule.
 */

/** Where SES's S3 action (and the local listener) writes raw messages; the object key is SES's message id. */
export const RAW_MAIL_PREFIX = 'raw/';

const verdict = z.object({ status: z.string() }).partial().optional();

const sesRecordSchema = z.object({
  eventSource: z.literal('aws:ses'),
  eventVersion: z.string().optional(),
  ses: z.object({
    mail: z.object({
      timestamp: z.string().optional(),
      /** The envelope sender (SMTP `MAIL FROM`); empty for bounces. */
      source: z.string(),
      messageId: z.string().regex(/^[A-Za-z0-9._-]{1,200}$/),
      destination: z.array(z.string()).default([]),
    }),
    receipt: z.object({
      recipients: z.array(z.string()).default([]),
      spamVerdict: verdict,
      virusVerdict: verdict,
      spfVerdict: verdict,
      dkimVerdict: verdict,
      dmarcVerdict: verdict,
    }),
  }),
});

const s3RecordSchema = z.object({
  eventSource: z.literal('aws:s3'),
  eventName: z.string(),
  s3: z.object({
    bucket: z.object({ name: z.string().min(1) }),
    object: z.object({ key: z.string().min(1), size: z.number().int().nonnegative().optional() }),
  }),
});

export const inboundMailEventSchema = z.object({
  Records: z.array(z.union([sesRecordSchema, s3RecordSchema])).min(1),
});
export type InboundMailEvent = z.infer<typeof inboundMailEventSchema>;

/** One message to take in, whatever announced it. */
export interface MailDelivery {
  /** `null`: the configured mail bucket. */
  readonly bucket: string | null;
  readonly key: string;
  /** SES's message id, or the object key: names the delivery in logs and the quarantine. */
  readonly deliveryId: string;
  /** `undefined` when the trigger does not say (S3 notifications). */
  readonly envelopeSender?: string;
  readonly recipients: readonly string[];
  readonly virusFound: boolean;
  readonly spamFound: boolean;
}

export function deliveriesOf(event: InboundMailEvent): MailDelivery[] {
  return event.Records.flatMap((record): MailDelivery[] => {
    if (record.eventSource === 'aws:ses') {
      const { mail, receipt } = record.ses;
      return [
        {
          bucket: null,
          key: `${RAW_MAIL_PREFIX}${mail.messageId}`,
          deliveryId: mail.messageId,
          envelopeSender: mail.source,
          recipients: receipt.recipients.length > 0 ? receipt.recipients : mail.destination,
          virusFound: receipt.virusVerdict?.status === 'FAIL',
          spamFound: receipt.spamVerdict?.status === 'FAIL',
        },
      ];
    }
    if (!record.eventName.startsWith('ObjectCreated')) return [];
    // S3 notifications URL-encode keys, with `+` for spaces.
    const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
    return [
      {
        bucket: record.s3.bucket.name,
        key,
        deliveryId: key.split('/').pop() ?? key,
        recipients: [],
        virusFound: false,
        spamFound: false,
      },
    ];
  });
}

import type { MailParser, ParsedMessage } from '../../ports/mail-parser.ts';

/**
 * `mailparser` (well kept, Nodemailer's parser) behind the port. It is imported on first use: with its
 * charset tables and HTML-to-text converter it would weigh on every cold start of the mailbox function,
 * which is also woken for mail that is refused before parsing (auto-replies, oversized messages).
 */
export class MailparserParser implements MailParser {
  #parser?: Promise<typeof import('mailparser').simpleParser>;

  async parse(raw: Uint8Array): Promise<ParsedMessage> {
    this.#parser ??= import('mailparser').then((module) => module.simpleParser);
    const simpleParser = await this.#parser;
    const parsed = await simpleParser(Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength), {
      skipTextToHtml: true,
      skipTextLinks: true,
      skipImageLinks: true,
      // Long HTML bodies are cut before conversion; the raw message keeps everything.
      maxHtmlLengthToParse: 2 * 1024 * 1024,
    });
    const from = parsed.from?.value?.[0];
    return {
      ...(parsed.messageId ? { messageId: parsed.messageId } : {}),
      ...(parsed.subject ? { subject: parsed.subject } : {}),
      ...(parsed.text ? { text: parsed.text } : {}),
      ...(from?.address ? { fromAddress: from.address } : {}),
      ...(from?.name ? { fromName: from.name } : {}),
      attachments: parsed.attachments.map((attachment) => ({
        ...(attachment.filename ? { filename: attachment.filename } : {}),
        contentType: attachment.contentType,
        content: new Uint8Array(attachment.content),
      })),
    };
  }
}

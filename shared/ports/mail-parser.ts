/** A MIME parser (mailparser in every stage), behind a port so the use case stays testable and light. */

export interface ParsedAttachment {
  readonly filename?: string;
  readonly contentType: string;
  readonly content: Uint8Array;
}

export interface ParsedMessage {
  readonly messageId?: string;
  readonly subject?: string;
  /** Plain text; derived from the HTML part when the message has no text part. */
  readonly text?: string;
  readonly fromAddress?: string;
  readonly fromName?: string;
  /** Every attachment, inline images included (a pasted screenshot is part of the petition). */
  readonly attachments: readonly ParsedAttachment[];
}

export interface MailParser {
  parse(raw: Uint8Array): Promise<ParsedMessage>;
}

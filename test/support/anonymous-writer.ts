/**
 * What a browser tells the server about the person writing to the confidential help mailbox, made
 * recognisable: a user agent and the addresses a proxy or CloudFront would forward (documentation ranges,
 * RFC 5737). Tests send these with a letter and look for every value afterwards in what the system keeps and
 * emits (tables, logs, outbox, staff views): none may appear.
 */
export const writerHeaders = {
  'user-agent': 'Mozilla/5.0 (WriterPhone; HelpMailboxProbe-7f3a)',
  'x-forwarded-for': '203.0.113.77',
  'x-real-ip': '203.0.113.78',
  'cloudfront-viewer-address': '198.51.100.23:47113',
} as const;

/** The values to look for (the port alone would match unrelated numbers). */
export const writerTraces = [
  'HelpMailboxProbe-7f3a',
  'WriterPhone',
  '203.0.113.77',
  '203.0.113.78',
  '198.51.100.23',
] as const;

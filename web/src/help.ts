import { ApiError, element, request } from './api.ts';
import { initLanguage, t } from './i18n.ts';

/**
 * The confidential help mailbox (心理帮助信箱): write a letter with nothing but a passphrase, get a letter
 * code, read the reply with both. Secrets go in POST bodies only, never in the address bar; the page keeps
 * nothing in storage.
 */

interface Written {
  code: string;
  receivedOn: string;
  replyBy: string;
}

interface Letter {
  receivedOn: string;
  subject?: string;
  content: string;
  status: 'received' | 'replied';
  replyBy: string;
  reply?: { text: string; repliedOn: string };
}

const writeForm = document.querySelector<HTMLFormElement>('#write-form')!;
const readForm = document.querySelector<HTMLFormElement>('#read-form')!;
const value = (id: string) => document.querySelector<HTMLInputElement | HTMLTextAreaElement>(id)!.value;

function showError(box: string, error: unknown): void {
  const target = document.querySelector<HTMLElement>(box)!;
  if (!(error instanceof ApiError)) {
    target.replaceChildren(element('p', t('error.network')));
    return;
  }
  const fields = error.problem.errors ?? [];
  target.replaceChildren(
    element('p', error.problem.title),
    ...fields.map((field) => element('p', field.message)),
  );
}

let idempotencyKey = crypto.randomUUID();

writeForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const errors = document.querySelector<HTMLElement>('#write-errors')!;
  errors.replaceChildren();
  if (value('#passphrase') !== value('#passphrase-again')) {
    errors.append(element('p', t('help.mismatch')));
    return;
  }
  const button = writeForm.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  try {
    const subject = value('#subject').trim();
    const written = await request<Written>('/api/help-mailbox/letters', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify({
        ...(subject ? { subject } : {}),
        content: value('#content'),
        passphrase: value('#passphrase'),
      }),
    });
    document.querySelector('#letter-code')!.textContent = written.code;
    document.querySelector<HTMLElement>('#written')!.hidden = false;
    writeForm.reset();
    writeForm.hidden = true;
    // A new letter needs a new key; a retry of this one (lost answer) reused the same key above.
    idempotencyKey = crypto.randomUUID();
  } catch (error) {
    showError('#write-errors', error);
  } finally {
    button.disabled = false;
  }
});

function renderLetter(letter: Letter): void {
  const card = document.querySelector<HTMLElement>('#letter')!;
  card.replaceChildren(
    element('p', t('help.received', { date: letter.receivedOn }), 'hint'),
    ...(letter.subject ? [element('h3', letter.subject)] : []),
    element('p', letter.content, 'letter-text'),
    ...(letter.reply
      ? [
          element('h3', t('help.replyTitle', { date: letter.reply.repliedOn })),
          element('p', letter.reply.text, 'letter-text'),
        ]
      : [element('p', t('help.noReplyYet', { date: letter.replyBy }))]),
  );
  card.hidden = false;
}

readForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  document.querySelector<HTMLElement>('#read-errors')!.replaceChildren();
  const button = readForm.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  try {
    renderLetter(
      await request<Letter>('/api/help-mailbox/read', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: value('#read-code'), passphrase: value('#read-passphrase') }),
      }),
    );
  } catch (error) {
    showError('#read-errors', error);
  } finally {
    button.disabled = false;
  }
});

initLanguage();

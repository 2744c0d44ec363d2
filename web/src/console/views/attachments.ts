import type { StaffCaseView } from '../../../../shared/domain/case/staff-view.ts';
import { attachmentSourceName } from '../../../../shared/domain/case/wording.ts';
import type { AttachmentLink } from '../../../../shared/use-cases/staff/case-attachments.ts';
import { ApiError, api, query } from '../api.ts';
import { clear, h } from '../dom.ts';
import { formatBytes } from '../format.ts';
import { t, wordingLang } from '../i18n.ts';
import { errorBox, loading } from '../ui.ts';

/**
 * The case's files: a thumbnail per picture (form photos, e-mail pictures, letter scans) with its original name,
 * a viewer (enlarge, zoom, rotate for viewing only) and a download under the original name. Every link is a
 * presigned GET that expires within minutes, fetched when needed; the API records each view and download.
 */

const caseFiles = (caseId: string) => `/api/staff/cases/${encodeURIComponent(caseId)}/attachments`;

export function attachmentsSection(view: StaffCaseView): HTMLElement | null {
  if (!view.attachments?.length) return null;
  const body = h('div', { class: 'attachments' }, loading());
  void load(view.caseId, body);
  return h('div', null, h('h2', null, t('attachments')), body);
}

async function load(caseId: string, body: HTMLElement): Promise<void> {
  try {
    const { attachments } = await api<{ attachments: AttachmentLink[] }>(caseFiles(caseId));
    clear(
      body,
      h(
        'ul',
        { class: 'thumbnails' },
        attachments.map((file) => h('li', null, thumbnail(caseId, file))),
      ),
    );
  } catch (error) {
    clear(
      body,
      error instanceof ApiError && error.status === 403
        ? h('p', { class: 'muted' }, t('attachmentsConfidential'))
        : errorBox(error),
    );
  }
}

function caption(file: AttachmentLink): HTMLElement {
  return h(
    'figcaption',
    null,
    h('span', { class: 'file-name' }, file.name),
    h('small', null, `${attachmentSourceName(file.source, wordingLang())} · ${formatBytes(file.bytes)}`),
  );
}

function thumbnail(caseId: string, file: AttachmentLink): HTMLElement {
  const save = h(
    'button',
    { type: 'button', class: 'secondary', onClick: () => void saveFile(caseId, file) },
    t('downloadFile'),
  );
  if (!file.image || !file.url)
    return h(
      'figure',
      { class: 'file' },
      h('span', { class: 'file-icon', 'aria-hidden': 'true' }, 'PDF'),
      caption(file),
      save,
    );
  return h(
    'figure',
    { class: 'file' },
    h(
      'button',
      {
        type: 'button',
        class: 'thumbnail',
        'aria-label': `${t('enlarge')}：${file.name}`,
        onClick: () => void openViewer(caseId, file),
      },
      h('img', { src: file.url, alt: file.name, loading: 'lazy', width: 160, height: 120 }),
    ),
    caption(file),
    save,
  );
}

/** Saves the file under its original name: the link's response says `Content-Disposition: attachment`. */
async function saveFile(caseId: string, file: AttachmentLink): Promise<void> {
  const link = await api<AttachmentLink & { url: string }>(
    `${caseFiles(caseId)}/${file.index}${query({ download: true })}`,
  );
  const anchor = h('a', { href: link.url, download: file.name, hidden: true });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
}

/** The viewer: one picture large, zoom and rotate (the file itself is never changed), download, close. */
async function openViewer(caseId: string, file: AttachmentLink): Promise<void> {
  let turn = 0;
  let zoom = 1;
  const picture = h('img', { alt: file.name, class: 'viewer-image' });
  const status = h('p', { class: 'muted', role: 'status' }, t('loading'));
  const apply = () => {
    picture.style.transform = `rotate(${turn * 90}deg) scale(${zoom})`;
  };
  const button = (label: string, onClick: () => void) =>
    h('button', { type: 'button', class: 'secondary', onClick }, label);
  const dialog = h(
    'dialog',
    { class: 'viewer', 'aria-label': file.name },
    h('h2', null, file.name),
    h(
      'div',
      { class: 'viewer-tools' },
      button(t('zoomIn'), () => {
        zoom = Math.min(4, zoom * 1.5);
        apply();
      }),
      button(t('zoomOut'), () => {
        zoom = Math.max(0.5, zoom / 1.5);
        apply();
      }),
      button(t('rotateLeft'), () => {
        turn = (turn + 3) % 4;
        apply();
      }),
      button(t('rotateRight'), () => {
        turn = (turn + 1) % 4;
        apply();
      }),
      button(t('downloadFile'), () => void saveFile(caseId, file)),
      button(t('closeViewer'), () => dialog.close()),
    ),
    status,
    h('div', { class: 'viewer-stage' }, picture),
  );
  dialog.addEventListener('close', () => dialog.remove());
  document.body.append(dialog);
  dialog.showModal();
  try {
    // A fresh link, so the enlarged view is recorded as such in the audit trail.
    const link = await api<AttachmentLink & { url: string }>(`${caseFiles(caseId)}/${file.index}`);
    picture.src = link.url;
    status.textContent = '';
  } catch (error) {
    status.replaceWith(errorBox(error));
  }
}

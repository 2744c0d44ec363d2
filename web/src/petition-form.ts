import {
  accuses,
  isPetitionType,
  petitionTypeInfo,
  petitionTypes,
} from '../../shared/domain/case/petition-types.ts';
import { hearBackText } from '../../shared/domain/case/wording.ts';
import { ApiError, element, request } from './api.ts';
import { initLanguage, lang, localized, onLangChange, t } from './i18n.ts';
import type { MessageKey } from './i18n-messages.ts';
import {
  MAX_PHOTO_BYTES,
  MAX_PHOTOS,
  type PreparedPhoto,
  photoType,
  preparePhoto,
  uploadPhoto,
} from './photos.ts';
import { startSimilarHint } from './similar-hint.ts';
import {
  CONTENT_MAX,
  CONTENT_MIN,
  characterCount,
  checkLine,
  checkParagraph,
  isMobile,
  isValidPhone,
  NAME_MAX,
  type TextProblem,
  TITLE_MAX,
  TITLE_MIN,
} from './validation.ts';

/**
 * The petition form (DESIGN §5, POST /api/petitions). Mobile first and usable without a mouse or sight: every
 * field has a label, hints and errors are tied to it with aria-describedby, the first invalid field gets the
 * focus and an error summary is announced. All text is set with textContent.
 */

interface Category {
  code: string;
  nameZh: string;
  nameEn: string;
  descriptionZh: string;
}
interface Catalog {
  categories: Category[];
  jurisdictions: { code: string; nameZh: string }[];
  units?: { unitId: string; nameZh: string; nameEn?: string }[];
  intake?: { phoneVerification: 'required' | 'off' };
}
interface Duration {
  amount: number;
  unit: 'workingDays' | 'calendarDays';
}
interface Created {
  caseId: string;
  trackingCode: string;
  status: string;
  expected?: {
    unit: { id: string; name: string; nameEn: string };
    triage: boolean;
    acknowledgeWithin: Duration;
    replyWithin: Duration;
  };
}

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;
const form = $<HTMLFormElement>('#petition-form');
const categorySelect = $<HTMLSelectElement>('#categoryCode');
const typeSelect = $<HTMLSelectElement>('#petitionType');
const accusedField = $<HTMLElement>('#accused-field');
const accusedSelect = $<HTMLSelectElement>('#accusedUnitId');
const categoryDescription = $<HTMLElement>('#category-description');
const jurisdictionSelect = $<HTMLSelectElement>('#jurisdictionCode');
const title = $<HTMLInputElement>('#title');
const content = $<HTMLTextAreaElement>('#content');
const contentCount = $<HTMLElement>('#content-count');
const contentLive = $<HTMLElement>('#content-live');
const nameInput = $<HTMLInputElement>('#name');
const nameRequired = $<HTMLElement>('#name-required');
const anonymous = $<HTMLInputElement>('#anonymous');
const phone = $<HTMLInputElement>('#phone');
const verification = $<HTMLElement>('#verification');
const otpCode = $<HTMLInputElement>('#otp-code');
const otpHint = $<HTMLElement>('#otp-hint');
const sendCode = $<HTMLButtonElement>('#send-code');
const photosInput = $<HTMLInputElement>('#photos');
const photoList = $<HTMLElement>('#photo-list');
const shareLocation = $<HTMLInputElement>('#shareLocation');
const consent = $<HTMLInputElement>('#consent');
const summary = $<HTMLElement>('#error-summary');
const status = $<HTMLElement>('#form-status');
const submit = $<HTMLButtonElement>('#submit');
const confirmation = $<HTMLElement>('#confirmation');

let catalog: Catalog = { categories: [], jurisdictions: [] };
let verificationRequired = false;
let verificationId: string | null = null;
let created: Created | null = null;

const apiHeaders = (): Record<string, string> => (lang() === 'en' ? { 'accept-language': 'en' } : {});

// ---------------------------------------------------------------------------------------------------------
// Catalog: categories with their one-line description, towns and streets.

function renderCatalog(): void {
  const selectedCategory = categorySelect.value;
  const selectedTown = jurisdictionSelect.value;
  categorySelect.replaceChildren(categorySelect.options[0]!);
  for (const category of catalog.categories) {
    const option = element('option', lang() === 'en' ? category.nameEn : category.nameZh);
    option.value = category.code;
    categorySelect.append(option);
  }
  jurisdictionSelect.replaceChildren(jurisdictionSelect.options[0]!);
  for (const jurisdiction of catalog.jurisdictions) {
    const option = element('option', jurisdiction.nameZh);
    option.value = jurisdiction.code;
    jurisdictionSelect.append(option);
  }
  categorySelect.value = selectedCategory;
  jurisdictionSelect.value = selectedTown;
  const selectedType = typeSelect.value;
  typeSelect.replaceChildren(typeSelect.options[0]!);
  for (const type of petitionTypes) {
    const option = element('option', lang() === 'en' ? petitionTypeInfo[type].en : petitionTypeInfo[type].zh);
    option.value = type;
    typeSelect.append(option);
  }
  typeSelect.value = selectedType;
  const selectedAccused = accusedSelect.value;
  accusedSelect.replaceChildren(accusedSelect.options[0]!);
  for (const unit of catalog.units ?? []) {
    const option = element('option', lang() === 'en' && unit.nameEn ? unit.nameEn : unit.nameZh);
    option.value = unit.unitId;
    accusedSelect.append(option);
  }
  accusedSelect.value = selectedAccused;
  syncAccused();
  describeCategory();
}

/** The accused unit is asked for only when the petition accuses (检举控告, 举报). */
function syncAccused(): void {
  const type = typeSelect.value;
  accusedField.hidden = !(isPetitionType(type) && accuses(type));
  if (accusedField.hidden) accusedSelect.value = '';
}
typeSelect.addEventListener('change', syncAccused);

function describeCategory(): void {
  const category = catalog.categories.find((candidate) => candidate.code === categorySelect.value);
  // One line per category, kept in Chinese only by the county; English readers also see the English name.
  categoryDescription.textContent = category ? category.descriptionZh : '';
}

async function loadCatalog(): Promise<void> {
  catalog = await request<Catalog>('/api/catalog', { headers: apiHeaders() });
  verificationRequired = catalog.intake?.phoneVerification === 'required';
  verification.hidden = !verificationRequired;
  renderCatalog();
}

categorySelect.addEventListener('change', describeCategory);

// ---------------------------------------------------------------------------------------------------------
// Live length of the content, announced only near the limit (a count read out on every key is noise).

let lastAnnounced = Number.POSITIVE_INFINITY;
function countContent(): void {
  const count = characterCount(content.value.trim());
  contentCount.textContent = t('content.count', { count, max: CONTENT_MAX });
  contentCount.classList.toggle('over', count > CONTENT_MAX);
  const remaining = CONTENT_MAX - count;
  const threshold = [200, 100, 50, 10, 0].find((mark) => remaining <= mark);
  if (threshold !== undefined && threshold < lastAnnounced) {
    contentLive.textContent = t('content.remaining', { count: Math.max(0, remaining) });
    lastAnnounced = threshold;
  } else if (threshold === undefined) {
    lastAnnounced = Number.POSITIVE_INFINITY;
  }
}
content.addEventListener('input', countContent);

// ---------------------------------------------------------------------------------------------------------
// Anonymous: the name is optional and not sent.

function syncAnonymous(): void {
  nameInput.required = !anonymous.checked;
  nameInput.disabled = anonymous.checked;
  nameRequired.hidden = anonymous.checked;
  if (anonymous.checked) setFieldError(nameInput, null);
}
anonymous.addEventListener('change', syncAnonymous);

// ---------------------------------------------------------------------------------------------------------
// Field errors: text under the field (tied by aria-describedby), aria-invalid, and a summary that is announced.

const fieldFor: Record<string, HTMLElement> = {
  categoryCode: categorySelect,
  petitionType: typeSelect,
  accusedUnitId: accusedSelect,
  jurisdictionCode: jurisdictionSelect,
  title,
  content,
  'petitioner.name': nameInput,
  'petitioner.phone': phone,
  phoneVerification: otpCode,
  'phoneVerification.code': otpCode,
  'phoneVerification.id': otpCode,
  attachments: photosInput,
  consent,
};

function errorElementOf(field: HTMLElement): HTMLElement | null {
  const id = field === otpCode ? 'otp-code-error' : `${field.id}-error`;
  return document.getElementById(id);
}

function setFieldError(field: HTMLElement, message: string | null): void {
  const target = errorElementOf(field);
  if (message) field.setAttribute('aria-invalid', 'true');
  else field.removeAttribute('aria-invalid');
  if (target) {
    target.textContent = message ?? '';
    target.hidden = !message;
  }
}

interface Problem {
  readonly field: HTMLElement;
  readonly message: string;
}

function showProblems(problems: readonly Problem[], title?: string): void {
  for (const field of Object.values(fieldFor)) setFieldError(field, null);
  summary.replaceChildren();
  summary.hidden = problems.length === 0 && !title;
  if (summary.hidden) return;
  summary.append(element('p', title ?? t('error.summary')));
  const list = element('ul');
  const seen = new Set<HTMLElement>();
  for (const problem of problems) {
    if (!seen.has(problem.field)) setFieldError(problem.field, problem.message);
    seen.add(problem.field);
    const item = element('li');
    const link = element('a', problem.message);
    link.href = `#${problem.field.id}`;
    link.addEventListener('click', (event) => {
      event.preventDefault();
      problem.field.focus();
    });
    item.append(link);
    list.append(item);
  }
  if (problems.length > 0) summary.append(list);
  // The summary is announced (role=alert); the first invalid field takes the focus, ready to be corrected.
  (problems[0]?.field ?? summary).focus();
}

const textMessage = (problem: NonNullable<TextProblem>, lengthKey: MessageKey) =>
  t(problem === 'length' ? lengthKey : (`validate.${problem}` as const));

function validate(): Problem[] {
  const problems: Problem[] = [];
  if (!jurisdictionSelect.value)
    problems.push({ field: jurisdictionSelect, message: t('validate.jurisdiction') });
  const titleProblem = checkLine(title.value, TITLE_MIN, TITLE_MAX);
  if (titleProblem)
    problems.push({ field: title, message: textMessage(titleProblem, 'validate.titleLength') });
  const contentProblem = checkParagraph(content.value, CONTENT_MIN, CONTENT_MAX);
  if (contentProblem)
    problems.push({ field: content, message: textMessage(contentProblem, 'validate.contentLength') });
  if (photos.length > MAX_PHOTOS) problems.push({ field: photosInput, message: t('validate.photoCount') });
  if (!anonymous.checked) {
    if (!nameInput.value.trim()) problems.push({ field: nameInput, message: t('validate.nameRequired') });
    else {
      const nameProblem = checkLine(nameInput.value, 1, NAME_MAX);
      if (nameProblem)
        problems.push({ field: nameInput, message: textMessage(nameProblem, 'validate.nameLength') });
    }
  }
  if (!isValidPhone(phone.value.trim())) problems.push({ field: phone, message: t('validate.phone') });
  else if (verificationRequired && !isMobile(phone.value.trim()))
    problems.push({ field: phone, message: t('validate.otpMobile') });
  if (verificationRequired && (!verificationId || !/^\d{6}$/.test(otpCode.value.trim())))
    problems.push({ field: otpCode, message: t('validate.otp') });
  if (!consent.checked) problems.push({ field: consent, message: t('validate.consent') });
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// Photos: up to three, each listed with a thumbnail (where the browser can show it) and a remove button.

interface ChosenPhoto {
  readonly file: File;
  readonly url: string;
  /** Upload key per "share location" choice, so a retry after a failed submission does not upload again. */
  readonly keys: Map<boolean, string>;
}
const photos: ChosenPhoto[] = [];

function renderPhotos(): void {
  photoList.replaceChildren();
  photos.forEach((photo, index) => {
    const item = element('li', undefined, 'photo');
    const image = element('img');
    image.src = photo.url;
    image.alt = t('photo.alt', { index: index + 1, name: photo.file.name.slice(-200) });
    image.width = 72;
    image.height = 72;
    image.addEventListener('error', () => image.classList.add('no-preview'));
    const remove = element('button', t('photo.remove'), 'secondary small');
    remove.type = 'button';
    remove.setAttribute('aria-label', t('photo.removeLabel', { index: index + 1, name: photo.file.name }));
    remove.addEventListener('click', () => {
      URL.revokeObjectURL(photo.url);
      photos.splice(index, 1);
      renderPhotos();
      photosInput.focus();
    });
    item.append(image, element('span', photo.file.name, 'photo-name'), remove);
    photoList.append(item);
  });
  photosInput.disabled = photos.length >= MAX_PHOTOS;
}

photosInput.addEventListener('change', () => {
  const problems: string[] = [];
  for (const file of Array.from(photosInput.files ?? [])) {
    if (photos.length >= MAX_PHOTOS) {
      problems.push(t('validate.photoCount'));
      break;
    }
    if (!photoType(file)) problems.push(t('validate.photoType', { name: file.name }));
    // Originals over the limit are fine when the browser can shrink them; checked again before upload.
    else photos.push({ file, url: URL.createObjectURL(file), keys: new Map() });
  }
  photosInput.value = '';
  renderPhotos();
  setFieldError(photosInput, problems.length > 0 ? problems.join(' ') : null);
});

/** Uploads the chosen photos (once per location choice): each key with the file's own name, kept for staff. */
async function uploadPhotos(): Promise<{ key: string; name: string }[]> {
  const keys: { key: string; name: string }[] = [];
  for (const [index, photo] of photos.entries()) {
    const share = shareLocation.checked;
    const known = photo.keys.get(share);
    if (known) {
      keys.push({ key: known, name: photo.file.name.slice(-200) });
      continue;
    }
    status.textContent = t('status.uploading', { index: index + 1, count: photos.length });
    const prepared: PreparedPhoto | null = await preparePhoto(photo.file, share);
    if (!prepared) throw new PhotoProblem(t('validate.photoType', { name: photo.file.name }));
    if (prepared.blob.size > MAX_PHOTO_BYTES)
      throw new PhotoProblem(t('validate.photoSize', { name: photo.file.name }));
    const key = await uploadPhoto(prepared, apiHeaders());
    photo.keys.set(share, key);
    keys.push({ key, name: photo.file.name.slice(-200) });
  }
  return keys;
}

class PhotoProblem extends Error {}

// ---------------------------------------------------------------------------------------------------------
// Phone verification (when the deployment requires it): a code by SMS, resend after a minute.

let resendTimer: number | undefined;
function countdown(seconds: number): void {
  window.clearInterval(resendTimer);
  let left = seconds;
  sendCode.disabled = true;
  sendCode.textContent = t('otp.resendIn', { seconds: left });
  resendTimer = window.setInterval(() => {
    left--;
    if (left > 0) {
      sendCode.textContent = t('otp.resendIn', { seconds: left });
      return;
    }
    window.clearInterval(resendTimer);
    sendCode.disabled = false;
    sendCode.textContent = t('otp.resend');
  }, 1000);
}

sendCode.addEventListener('click', async () => {
  const number = phone.value.trim();
  if (!isMobile(number)) {
    showProblems([
      { field: phone, message: isValidPhone(number) ? t('validate.otpMobile') : t('validate.phone') },
    ]);
    return;
  }
  setFieldError(phone, null);
  sendCode.disabled = true;
  otpHint.textContent = t('otp.sending');
  try {
    const started = await request<{ id: string }>('/api/phone-verifications', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...apiHeaders() },
      body: JSON.stringify({ phone: number }),
    });
    verificationId = started.id;
    otpHint.textContent = t('otp.sent', { phone: `${number.slice(0, 3)}****${number.slice(-4)}` });
    countdown(60);
    otpCode.focus();
  } catch (error) {
    sendCode.disabled = false;
    otpHint.textContent = '';
    reportFailure(error);
  }
});

// ---------------------------------------------------------------------------------------------------------
// Submitting.

// One submission per page view, across double clicks and retries on a flaky network. A 4xx stored nothing, so
// the next attempt (with corrected input) takes a fresh key.
let idempotencyKey = crypto.randomUUID();

function reportFailure(error: unknown): void {
  if (error instanceof PhotoProblem) {
    showProblems([{ field: photosInput, message: error.message }]);
    return;
  }
  if (!(error instanceof ApiError)) {
    showProblems([], t('error.network'));
    return;
  }
  if (error.problem.status >= 400 && error.problem.status < 500) idempotencyKey = crypto.randomUUID();
  if (error.problem.status === 429) {
    showProblems([], t('error.rateLimited', { seconds: error.retryAfter ?? 60 }));
    return;
  }
  const fieldOf = (name: string): HTMLElement =>
    fieldFor[name] ??
    (name.startsWith('attachments') ? photosInput : name.startsWith('petitioner') ? phone : title);
  const problems: Problem[] = (error.problem.errors ?? []).map((item) => ({
    field: fieldOf(item.field),
    message: localized(item.message),
  }));
  showProblems(problems, error.problem.title);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (submit.disabled) return;
  const problems = validate();
  if (problems.length > 0) {
    showProblems(problems);
    return;
  }
  showProblems([]);
  submit.disabled = true;
  submit.setAttribute('aria-busy', 'true');
  try {
    const attachments = photos.length > 0 ? await uploadPhotos() : [];
    status.textContent = t('status.submitting');
    const data = new FormData(form);
    const value = (name: string) => String(data.get(name) ?? '').trim();
    const body = {
      ...(value('categoryCode') ? { categoryCode: value('categoryCode') } : {}),
      ...(value('petitionType') ? { petitionType: value('petitionType') } : {}),
      ...(value('accusedUnitId') ? { accusedUnitId: value('accusedUnitId') } : {}),
      jurisdictionCode: value('jurisdictionCode'),
      title: value('title'),
      content: value('content'),
      petitioner: {
        ...(!anonymous.checked && value('name') ? { name: value('name') } : {}),
        phone: value('phone'),
        anonymous: anonymous.checked,
      },
      confidential: data.get('confidential') === 'on',
      ...(value('website') ? { website: value('website') } : {}),
      ...(attachments.length > 0 ? { attachments, shareLocation: shareLocation.checked } : {}),
      ...(verificationRequired && verificationId
        ? { phoneVerification: { id: verificationId, code: otpCode.value.trim() } }
        : {}),
    };
    created = await request<Created>('/api/petitions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey, ...apiHeaders() },
      body: JSON.stringify(body),
    });
    for (const photo of photos) URL.revokeObjectURL(photo.url);
    form.hidden = true;
    renderConfirmation();
    confirmation.hidden = false;
    confirmation.focus();
  } catch (error) {
    reportFailure(error);
  } finally {
    status.textContent = '';
    submit.disabled = false;
    submit.removeAttribute('aria-busy');
  }
});

// ---------------------------------------------------------------------------------------------------------
// Confirmation: the tracking code, and what happens next in plain words.

function duration(value: Duration): string {
  return t(value.unit === 'workingDays' ? 'duration.workingDays' : 'duration.calendarDays', {
    amount: value.amount,
  }).trim();
}

function renderConfirmation(): void {
  if (!created) return;
  const heading = element('h2', t('confirm.title'));
  heading.id = 'confirmation-title';
  const code = element('p', created.trackingCode, 'code');
  const track = element('a', t('confirm.track'), 'button-link');
  track.href = `/track.html?code=${encodeURIComponent(created.trackingCode)}`;
  const copy = element('button', t('confirm.copy'), 'secondary small');
  copy.type = 'button';
  copy.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(created?.trackingCode ?? '');
      copy.textContent = t('confirm.copied');
    } catch {
      // Clipboard refused (insecure context, permissions): the code is on screen to copy by hand.
    }
  });
  const next = element('ul', undefined, 'next-steps');
  const expected = created.expected;
  if (expected) {
    const unit = lang() === 'en' ? expected.unit.nameEn : expected.unit.name;
    next.append(element('li', t(expected.triage ? 'confirm.triage' : 'confirm.unit', { unit })));
    next.append(
      element(
        'li',
        t('confirm.deadlines', {
          acknowledge: duration(expected.acknowledgeWithin),
          reply: duration(expected.replyWithin),
        }),
      ),
    );
  }
  next.append(element('li', t('confirm.holidays')));
  // The promise depends on the number left: a landline gets no SMS, the unit phones instead.
  const route = isMobile(phone.value.trim()) ? 'sms' : 'call';
  next.append(element('li', hearBackText[route][lang()], 'hear-back'));
  confirmation.replaceChildren(
    heading,
    element('p', t('confirm.codeIntro')),
    code,
    track,
    copy,
    element('h3', t('confirm.nextTitle')),
    next,
  );
}

// ---------------------------------------------------------------------------------------------------------

initLanguage();
onLangChange(() => {
  renderCatalog();
  renderPhotos();
  countContent();
  if (created) renderConfirmation();
});
syncAnonymous();
countContent();
startSimilarHint({
  town: $<HTMLSelectElement>('#jurisdictionCode'),
  title: $<HTMLInputElement>('#title'),
  content: $<HTMLTextAreaElement>('#content'),
  after: $('#content-error'),
});
loadCatalog().catch((error: unknown) => reportFailure(error));

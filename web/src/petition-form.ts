import { element, request, showErrors } from './api.ts';

interface Catalog {
  categories: { code: string; nameZh: string; descriptionZh: string }[];
  jurisdictions: { code: string; nameZh: string }[];
}

const form = document.querySelector<HTMLFormElement>('#petition-form')!;
const categorySelect = form.querySelector<HTMLSelectElement>('#categoryCode')!;
const categoryHint = document.querySelector<HTMLElement>('#category-hint')!;
const jurisdictionSelect = form.querySelector<HTMLSelectElement>('#jurisdictionCode')!;
const content = form.querySelector<HTMLTextAreaElement>('#content')!;
const contentCount = document.querySelector<HTMLElement>('#content-count')!;
const errors = document.querySelector<HTMLElement>('#form-errors')!;
const confirmation = document.querySelector<HTMLElement>('#confirmation')!;

let catalog: Catalog = { categories: [], jurisdictions: [] };

async function loadCatalog(): Promise<void> {
  catalog = await request<Catalog>('/api/catalog');
  for (const category of catalog.categories) {
    const option = element('option', category.nameZh);
    option.value = category.code;
    categorySelect.append(option);
  }
  for (const jurisdiction of catalog.jurisdictions) {
    const option = element('option', jurisdiction.nameZh);
    option.value = jurisdiction.code;
    jurisdictionSelect.append(option);
  }
}

categorySelect.addEventListener('change', () => {
  categoryHint.textContent =
    catalog.categories.find((category) => category.code === categorySelect.value)?.descriptionZh ?? '';
});

content.addEventListener('input', () => {
  contentCount.textContent = `${content.value.length} / ${content.maxLength}`;
});

// One submission per page view, even across double clicks and retries on a flaky network.
const idempotencyKey = crypto.randomUUID();

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  errors.replaceChildren();
  if (!form.querySelector<HTMLInputElement>('#consent')!.checked) {
    errors.append(element('p', '请先阅读并同意个人信息使用说明'));
    return;
  }
  const data = new FormData(form);
  const value = (name: string) => String(data.get(name) ?? '').trim();
  const body = {
    ...(value('categoryCode') ? { categoryCode: value('categoryCode') } : {}),
    jurisdictionCode: value('jurisdictionCode'),
    title: value('title'),
    content: value('content'),
    petitioner: {
      ...(value('name') ? { name: value('name') } : {}),
      phone: value('phone'),
      anonymous: data.get('anonymous') === 'on',
    },
    confidential: data.get('confidential') === 'on',
    ...(value('website') ? { website: value('website') } : {}),
  };
  const button = form.querySelector<HTMLButtonElement>('button[type=submit]')!;
  button.disabled = true;
  try {
    const created = await request<{ trackingCode: string }>('/api/petitions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    form.hidden = true;
    confirmation.hidden = false;
    confirmation.replaceChildren(
      element('h2', '提交成功'),
      element('p', '请记下您的跟踪码，凭跟踪码和电话后四位即可查询办理进度：'),
      element('p', created.trackingCode, 'code'),
      element(
        'p',
        '接下来：系统会把您的诉求交给负责的单位，承办单位一般在 1 至 15 日内签收，并在规定时限内答复您。',
      ),
    );
    const link = element('a', '查询办理进度');
    link.href = `/track.html?code=${encodeURIComponent(created.trackingCode)}`;
    confirmation.append(link);
  } catch (error) {
    showErrors(errors, error);
  } finally {
    button.disabled = false;
  }
});

loadCatalog().catch((error) => showErrors(errors, error));

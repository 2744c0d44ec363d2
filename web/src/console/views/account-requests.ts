import type { AccountSnapshot } from '../../../../shared/domain/users/separation-of-duties.ts';
import type { AccountRequestView } from '../../../../shared/use-cases/admin/account-requests.ts';
import { api } from '../api.ts';
import { clear, h } from '../dom.ts';
import { formatTime } from '../format.ts';
import { requestKindName, requestStatusName, roleName, t } from '../i18n.ts';
import { reference, type StaffReference, unitName } from '../reference.ts';
import type { SessionUser } from '../session.ts';
import { errorBox, loading } from '../ui.ts';

/**
 * Account changes that wait for a second person (separation of duties), for administrators (a tab of
 * administration) and supervisors (`#/account-requests`). People are named, times are Shanghai's, roles and
 * scopes are in words. Each pending request offers approve and refuse to anyone but its requester (who may
 * withdraw it) and the account concerned; the API decides, the page only offers.
 */

function scopeText(ref: StaffReference, snapshot: AccountSnapshot | undefined): string {
  if (!snapshot) return '';
  const studio = snapshot.studioId
    ? ref.studios.find((candidate) => candidate.studioId === snapshot.studioId)
    : undefined;
  const where = studio ? studio.nameZh : snapshot.unitId ? unitName(ref, snapshot.unitId) : '';
  return where ? `${roleName(snapshot.role)}（${where}）` : roleName(snapshot.role);
}

function changeText(ref: StaffReference, request: AccountRequestView): string {
  const after = scopeText(ref, request.after);
  const what =
    request.kind === 'update' && request.before ? `${scopeText(ref, request.before)} → ${after}` : after;
  return `${requestKindName(request.kind)}：${request.targetName}，${what}${request.emailChanged ? `，${t('emailChanged')}` : ''}`;
}

/**
 * What the decision just made says, shown once in the next rendering and then forgotten: for an approved creation
 * or reset, the temporary password, which the approver hands to the person (the requester never sees it).
 */
let outcome: { readonly text: string; readonly password?: string } | null = null;

export function accountRequestsView(container: HTMLElement, user: SessionUser): void {
  clear(container, loading());
  const secret = h('div', { class: 'secret', id: 'approved-password', 'aria-live': 'polite' });
  if (outcome)
    secret.append(
      h('p', { role: 'status' }, outcome.text, outcome.password ? h('code', null, outcome.password) : null),
    );
  outcome = null;
  const refresh = () => accountRequestsView(container, user);
  const decide = async (request: AccountRequestView, decision: 'approve' | 'refuse') => {
    try {
      const answer = await api<{ temporaryPassword?: string }>(
        `/api/admin/account-requests/${encodeURIComponent(request.requestId)}/${decision}`,
        { method: 'POST' },
      );
      outcome = answer.temporaryPassword
        ? { text: t('approvedPassword'), password: answer.temporaryPassword }
        : { text: decision === 'approve' ? t('approvedDone') : t('saved') };
      refresh();
    } catch (error) {
      clear(secret, errorBox(error, refresh));
    }
  };
  void Promise.all([
    api<{ items: AccountRequestView[] }>('/api/admin/account-requests?limit=100'),
    reference(),
  ]).then(
    ([{ items }, ref]) =>
      clear(
        container,
        h('p', { class: 'muted' }, t('approvalsHint')),
        secret,
        items.length === 0
          ? h('p', { class: 'muted' }, t('noRequests'))
          : h(
              'table',
              { class: 'entries', id: 'account-requests' },
              h(
                'thead',
                null,
                h(
                  'tr',
                  null,
                  [
                    t('requester'),
                    t('change'),
                    t('requestedAt'),
                    t('validUntil'),
                    t('status'),
                    t('decider'),
                  ].map((label) => h('th', null, label)),
                  h('th', null, h('span', { class: 'sr-only' }, t('actions'))),
                ),
              ),
              h(
                'tbody',
                null,
                items.map((request) =>
                  h(
                    'tr',
                    { dataset: { status: request.status } },
                    h('td', null, request.requestedBy.displayName),
                    h('td', null, changeText(ref, request)),
                    h(
                      'td',
                      null,
                      h('time', { datetime: request.requestedAt }, formatTime(request.requestedAt)),
                    ),
                    h('td', null, h('time', { datetime: request.expiresAt }, formatTime(request.expiresAt))),
                    h('td', null, requestStatusName(request.status)),
                    h('td', null, request.decidedBy?.displayName ?? ''),
                    h('td', null, h('div', { class: 'row' }, actions(request, user, decide))),
                  ),
                ),
              ),
            ),
      ),
    (error: unknown) => clear(container, errorBox(error, refresh)),
  );
}

function actions(
  request: AccountRequestView,
  user: SessionUser,
  decide: (request: AccountRequestView, decision: 'approve' | 'refuse') => Promise<void>,
): HTMLElement[] {
  if (request.status !== 'pending' || request.username === user.id) return [];
  const button = (label: string, decision: 'approve' | 'refuse', danger = false) =>
    h(
      'button',
      {
        type: 'button',
        class: danger ? 'secondary danger' : '',
        dataset: { decision },
        onClick: () => decide(request, decision),
      },
      label,
    );
  if (request.requestedBy.username === user.id) return [button(t('withdraw'), 'refuse', true)];
  return [button(t('approve'), 'approve'), button(t('refuse'), 'refuse', true)];
}

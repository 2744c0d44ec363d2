import { subjectClaimed } from '../../domain/users/model.ts';
import { ConflictError, ValidationError } from '../../errors/index.ts';
import type { StaffRecords } from '../../ports/staff-records.ts';
import type { DirectoryAccount, DirectoryEntry, UserDirectory } from '../../ports/user-directory.ts';

/**
 * The `UserDirectory` of a deployment whose identity provider exposes no directory to Huiyin: a provincial
 * unified identity platform, or a Keycloak or IDaaS whose admin API the county does not open (AWS China
 * profile, docs/deploy-china.md). The provider creates people, keeps their passwords and MFA and ends their
 * sessions; Huiyin only knows the subject (`sub`) its tokens carry. An administrator copies that subject from
 * the provider's console into the new staff record, which then holds role, unit and studio, as everywhere.
 *
 * So this directory is the staff records themselves: `create` claims the subject (one record per subject,
 * conditionally written), `find` looks the username up among the records, and what the provider alone can do
 * (passwords) is refused with a clear error. Disabling works through the record: staff requests read it on
 * every cache miss (at most five minutes), so a disabled person is refused whatever token they hold.
 */
export class RecordsOnlyUserDirectory implements UserDirectory {
  readonly manages = 'recordsOnly' as const;
  readonly #records: StaffRecords;

  constructor(options: { records: StaffRecords }) {
    this.#records = options.records;
  }

  async create(account: DirectoryAccount): Promise<DirectoryEntry> {
    const subject = account.subject?.trim();
    if (!subject)
      throw new ValidationError([
        {
          field: 'subject',
          message: '请填写统一身份认证平台中的用户标识 / the subject at the identity provider',
        },
      ]);
    const { subject: _given, ...profile } = account;
    const created = await this.#records.create({ ...profile, subject, disabled: false });
    if (!created) throw subjectClaimed();
    return { subject, enabled: true };
  }

  async find(username: string): Promise<DirectoryEntry | null> {
    const record = (await this.#records.list()).find((candidate) => candidate.username === username);
    return record ? { subject: record.subject, enabled: !record.disabled } : null;
  }

  /** Nothing to mirror: the record the use case writes is the only copy of name, role and scope. */
  async update(): Promise<void> {}

  /** The record's `disabled` flag (written by the use case) is what refuses the person's requests. */
  async disable(): Promise<void> {}

  async enable(): Promise<void> {}

  async resetPassword(): Promise<void> {
    throw new ConflictError({
      zh: '密码由统一身份认证平台管理，请在该平台重置',
      en: 'Passwords are kept by the identity provider: reset it there',
    });
  }
}

import { ulid } from 'ulid';
import type { AccountRequestDeps } from '../../use-cases/admin/account-requests.ts';
import { accountRequestStore } from './account-requests.ts';
import { catalogStore } from './catalog.ts';
import { staffRecords } from './staff.ts';
import { userDirectory } from './user-directory.ts';

/**
 * What the user administration and its approvals need: the user directory, the staff records, the requests. Its
 * own module (as user-directory.ts), so only the two admin functions bundle the directory's client.
 */
export const accountRequestDeps = (): AccountRequestDeps => ({
  directory: userDirectory(),
  records: staffRecords(),
  loadCatalog: () => catalogStore().load(),
  requests: accountRequestStore(),
  newId: ulid,
});

import type { StaffUser, StoredStaffUser } from '../domain/users/model.ts';

export interface UserStore {
  get(username: string): Promise<StoredStaffUser | null>;
  save(user: StoredStaffUser): Promise<void>;
  list(): Promise<StaffUser[]>;
}

export interface DeliveryRecord {
  readonly caseId: string;
  readonly version: number;
  readonly unitId: string;
  readonly method: 'console' | 'email' | 'webhook';
  readonly status: 'delivered' | 'retrying' | 'failed';
  readonly attempts: number;
  readonly lastError?: string;
  readonly updatedAt: string;
}

/** How each assignment reached its unit: shown on the case page, failures visible to supervisors. */
export interface DeliveryStore {
  get(caseId: string, version: number): Promise<DeliveryRecord | null>;
  put(record: DeliveryRecord): Promise<void>;
  /**
   * Records the assignment delivered unless a delivered record is there already (one write, no read first);
   * false when it was: this delivery repeats one that was done.
   */
  putDelivered(record: DeliveryRecord & { readonly status: 'delivered' }): Promise<boolean>;
  forCase(caseId: string): Promise<DeliveryRecord[]>;
}

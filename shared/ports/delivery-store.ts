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
  forCase(caseId: string): Promise<DeliveryRecord[]>;
}

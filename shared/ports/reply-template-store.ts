/**
 * Reusable reply texts (答复模板): a unit's own, or county-wide ones (`unitId: null`) the admins maintain.
 * Handlers pick one on the case page and edit it before replying; a template is never sent as it stands.
 */
export interface ReplyTemplate {
  /** Lower-case slug, unique within its unit. */
  readonly templateId: string;
  /** The unit the template belongs to; null for a county-wide template. */
  readonly unitId: string | null;
  readonly title: string;
  readonly text: string;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export interface ReplyTemplateStore {
  /** A unit's templates followed by the county-wide ones, each sorted by id. */
  forUnit(unitId: string): Promise<ReplyTemplate[]>;
  /** Every template of the county (admins, supervisors). */
  all(): Promise<ReplyTemplate[]>;
  get(unitId: string | null, templateId: string): Promise<ReplyTemplate | null>;
  put(template: ReplyTemplate): Promise<void>;
  delete(unitId: string | null, templateId: string): Promise<void>;
}

/**
 * 邀约模板: a unit's saved terms, to fill the invitation form with. Audited like any record (touch, record
 * 'offerTemplate'), though no state machine governs it: its label is 已保存 or 已删除. A deleted template is kept,
 * marked, so that its audit chain stays whole; lists leave it out. Pure decisions over what the use case loaded.
 */
import type { OfferTerms } from '../../typings';
import { refuse } from './errors';
import type { Decided, Env } from './decision';
import { touch } from './machine';
import { checkTerms, storedTerms } from './terms';
import type { EmployerDoc, OfferTemplateDoc, SettingsDoc } from './types';

/** Beyond this a list to pick from stops helping; a unit with more jobs names them better or deletes old ones. */
export const MAX_TEMPLATES = 30;

const SAVED = 'saved';
const DELETED = 'deleted';

/** The unit's own template, not deleted; another unit's does not exist for it. */
export function ownTemplate(employer: EmployerDoc, found: OfferTemplateDoc | null): OfferTemplateDoc {
  if (!found || found.employerId !== employer._id || found.deleted) return refuse('NOT_FOUND', '邀约模板不存在或已删除');
  return found;
}

export function saveTemplate(input: {
  env: Env;
  employer: EmployerDoc;
  /** the template edited; null for a new one */
  current: OfferTemplateDoc | null;
  /** the unit's templates not deleted, for the name and the count */
  live: readonly OfferTemplateDoc[];
  name: string;
  terms: OfferTerms;
  settings: Pick<SettingsDoc, 'penaltyCapYuan'>;
}): Decided & { template: OfferTemplateDoc } {
  const { env, employer, current } = input;
  const name = input.name.trim();
  const others = input.live.filter((t) => t._id !== current?._id);
  if (others.some((t) => t.name === name)) {
    refuse('INVALID_INPUT', `已有名为“${name}”的邀约模板，请换一个模板名称`, [{ path: 'name', message: `已有名为“${name}”的邀约模板，请换一个模板名称` }]);
  }
  if (!current && others.length >= MAX_TEMPLATES) {
    refuse('INVALID_INPUT', `邀约模板最多${MAX_TEMPLATES}个，请先删除不用的模板`, [{ path: 'name', message: `邀约模板最多${MAX_TEMPLATES}个，请先删除不用的模板` }]);
  }
  checkTerms(input.terms, input.settings, 'terms');
  const id = current?._id ?? env.newId();
  const saved = touch<OfferTemplateDoc>({
    record: 'offerTemplate',
    current,
    id,
    action: 'saveTemplate',
    actor: env.actor,
    now: env.now,
    from: current ? SAVED : null,
    to: SAVED,
    patch: { employerId: employer._id, name, terms: storedTerms(input.terms) },
  });
  return {
    template: saved.doc,
    writes: [{ collection: 'offerTemplates', doc: saved.doc, expectedVersion: current?.version ?? 0 }],
    audit: [saved.audit],
    outbox: [],
  };
}

export function deleteTemplate(input: { env: Env; template: OfferTemplateDoc }): Decided & { template: OfferTemplateDoc } {
  const { env, template } = input;
  const deleted = touch<OfferTemplateDoc>({
    record: 'offerTemplate',
    current: template,
    id: template._id,
    action: 'deleteTemplate',
    actor: env.actor,
    now: env.now,
    from: SAVED,
    to: DELETED,
    patch: { deleted: true },
  });
  return {
    template: deleted.doc,
    writes: [{ collection: 'offerTemplates', doc: deleted.doc, expectedVersion: template.version }],
    audit: [deleted.audit],
    outbox: [],
  };
}

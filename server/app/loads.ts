/** Reads more than one use case makes, said once. */
import type { OfferDoc, OfferTemplateDoc } from '../domain/types';
import type { Store } from '../store/port';

/** A student's open offers (a student has a handful; 100 is far beyond any real count). */
export async function openOffersOf(store: Store, studentNo: string): Promise<OfferDoc[]> {
  const page = await store.query('offers', {
    where: [
      { field: 'studentNo', op: '==', value: studentNo },
      { field: 'state', op: '==', value: 'open' },
    ],
    limit: 100,
  });
  return page.items;
}

/**
 * A unit's 邀约模板 not deleted, newest first. A deleted one is kept for its audit chain; at most MAX_TEMPLATES (30)
 * live ones, so 200 leaves room for many deletions before a live one could fall off the page.
 */
export async function templatesOf(store: Store, employerId: string): Promise<OfferTemplateDoc[]> {
  const page = await store.query('offerTemplates', {
    where: [{ field: 'employerId', op: '==', value: employerId }],
    orderBy: { field: 'updatedAt', direction: 'desc' },
    limit: 200,
  });
  return page.items.filter((t) => !t.deleted);
}

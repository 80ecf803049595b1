/** Reads more than one use case makes, said once. */
import type { OfferDoc } from '../domain/types';
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

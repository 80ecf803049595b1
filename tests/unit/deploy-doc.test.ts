/** docs/deploy.md tells a school which collections and indexes to create: it must say what the code uses. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { COLLECTION_NAMES, INDEXES } from '../../server/store/port';

const doc = readFileSync(path.join(__dirname, '../../docs/deploy.md'), 'utf8');

describe('docs/deploy.md', () => {
  it('names every collection', () => {
    for (const name of COLLECTION_NAMES) expect(doc).toContain(`\`${name}\``);
  });

  it('lists exactly the indexes of INDEXES, collection by collection', () => {
    for (const [collection, indexes] of Object.entries(INDEXES)) {
      const row = doc.split('\n').find((line) => line.startsWith(`| ${collection} |`));
      expect(row).toBeDefined();
      const listed = [...row!.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
      expect(listed).toEqual(indexes!.map((fields) => fields.join(', ')));
    }
  });
});

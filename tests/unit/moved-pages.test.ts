import { readFileSync } from 'node:fs';
import path from 'node:path';
import { movedUrl } from '../../miniprogram/utils/moved';

const app = JSON.parse(readFileSync(path.join(__dirname, '../../miniprogram/app.json'), 'utf8')) as {
  pages: string[];
  subpackages: { root: string; pages: string[] }[];
};
/** pages made in the subpackage, never under pages/: no old path to lead from */
const BORN_IN_PKG = ['pkg/help/index', 'pkg/privacy/index', 'pkg/account/index', 'pkg/destination/index'];
// 单位确认: the confirmation link's page (the unit's pages under employer/ are led to from pages/employer/ as the others)
BORN_IN_PKG.push('pkg/confirm/index');
// 解约同意: the consent link's page
BORN_IN_PKG.push('pkg/consent/index');
// 盖章回传: the seal page, the student's and the unit's
BORN_IN_PKG.push('pkg/seal/index');
// 邀约模板: new with the templates, no old path leads to it
BORN_IN_PKG.push('pkg/employer/templates/index');
const subpackagePages = app.subpackages.flatMap((sub) => sub.pages.map((p) => `${sub.root}/${p}`)).filter((p) => !BORN_IN_PKG.includes(p));

describe('pages that moved into the subpackage', () => {
  it('given an old message path with its query, when it is not found, then the tap opens the same page in pkg', () => {
    expect(movedUrl('pages/agreement/index', { id: 'a 1' })).toBe('/pkg/agreement/index?id=a%201');
    expect(movedUrl('pages/review/queues/index')).toBe('/pkg/review/queues/index');
    expect(movedUrl('/pages/employer/offers/index', { tab: 'open' })).toBe('/pkg/employer/offers/index?tab=open');
  });

  it('given every subpackage page, then its old path leads to it, and no main-package page is redirected', () => {
    for (const page of subpackagePages) expect(movedUrl(page.replace(/^pkg\//, 'pages/'))).toBe(`/${page}`);
    for (const page of app.pages) expect(movedUrl(page)).toBeNull();
    expect(movedUrl('pages/nowhere/index')).toBeNull();
    for (const page of BORN_IN_PKG) expect(movedUrl(page.replace(/^pkg\//, 'pages/'))).toBeNull();
  });
});

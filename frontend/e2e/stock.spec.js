// Against a backend without collective.locking (the site "Stock", made with
// SKIP_ADDON=1), Volto with the add-on behaves as stock Volto.
const { test, expect } = require('@playwright/test');
const {
  api,
  createPage,
  editorContext,
  locksOf,
  openEditor,
  save,
  stored,
  typeInBlock,
} = require('./helpers');

test('without collective.locking on the backend, the editor locks the whole page as stock Volto', async ({
  browser,
}) => {
  const pagePath = await createPage(2, { site: 'Stock' });
  const alice = await editorContext(browser, 'alice', { stock: true });
  const page = await openEditor(alice, pagePath);
  const locks = await locksOf(pagePath, 'admin', 'Stock');
  expect(locks.fragments).toBeUndefined(); // plone.restapi's own @lock
  expect(locks.locked).toBe(true);
  expect(locks.creator).toBe('alice');
  await typeInBlock(page, 'b1', ' stock');
  await expect(page.locator('.collective-locking-held')).toHaveCount(0);
  await save(page);
  await expect(page).toHaveURL(new RegExp(`${pagePath}$`));
  expect((await stored(pagePath, 'Stock')).blocks.b1.plaintext).toBe(
    'Paragraph 1. stock',
  );
  await expect
    .poll(async () => (await locksOf(pagePath, 'admin', 'Stock')).locked)
    .toBe(false);

  // Stock: while Alice edits, Bob is shut out of the whole page.
  const bob = await editorContext(browser, 'bob', { stock: true });
  await openEditor(alice, pagePath);
  const bobPage = await bob.newPage();
  await bobPage.goto(`${pagePath}/edit`);
  await expect(bobPage.locator('main h1')).toHaveText('Forbidden');
  // Alice's lock stays hers. (Stock Volto's own toast "This item was locked
  // by ..." needs both the user and the content in its state: not asserted,
  // it did not show in one fresh-clone run.)
  const held = await locksOf(pagePath, 'admin', 'Stock');
  expect(held.locked).toBe(true);
  expect(held.creator).toBe('alice');
  expect((await stored(pagePath, 'Stock')).blocks.b2.plaintext).toBe(
    'Paragraph 2.',
  );
  const client = await api('admin', 'Stock');
  await client.delete(`${pagePath.slice(1)}/@lock`, { data: { force: true } });
  await client.dispose();
  await alice.close();
  await bob.close();
});

// The add-on's words in German.
const { test, expect } = require('@playwright/test');
const {
  createPage,
  editorContext,
  locksOf,
  openEditor,
  typeInBlock,
  block,
} = require('./helpers');

test('an editor whose Volto speaks German reads the marks and the panel in German', async ({
  browser,
}) => {
  const pagePath = await createPage(2, { language: 'de' });
  const alice = await editorContext(browser, 'alice');
  const alicePage = await openEditor(alice, pagePath);
  await typeInBlock(alicePage, 'b1', ' A.');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toEqual(['blocks/b1']);

  const bob = await editorContext(browser, 'bob', { language: 'de' });
  const bobPage = await openEditor(bob, pagePath);
  await expect(
    block(bobPage, 'b1').locator('.collective-locking-mark'),
  ).toContainText('Wird von Alice Liddell bis');
  // Site Setup, from the German page (Volto keeps the page's language).
  const admin = await editorContext(browser, 'admin', { language: 'de' });
  const panel = await admin.newPage();
  await panel.goto(pagePath);
  await panel.locator('#toolbar-personal').click();
  await panel.locator('a[href="/controlpanel"]').click();
  await panel.locator('a[href="/controlpanel/locking"]').click();
  await expect(panel.locator('h1')).toHaveText('Sperren');
  await expect(panel.locator('label[for="locks-creator"]')).toHaveText(
    'Inhaber (Benutzer-ID)',
  );
  await alice.close();
  await bob.close();
  await admin.close();
});

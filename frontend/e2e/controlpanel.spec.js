// Site Setup > Locks.
const { test, expect } = require('@playwright/test');
const {
  api,
  createPage,
  editorContext,
  locksOf,
  openEditor,
  save,
  screenshot,
  stored,
  typeInBlock,
} = require('./helpers');

test("an administrator releases a lock in Site Setup and its holder's next save says so", async ({
  browser,
}) => {
  const pagePath = await createPage(2, { title: 'Release me' });
  const alice = await editorContext(browser, 'alice');
  const alicePage = await openEditor(alice, pagePath);
  await typeInBlock(alicePage, 'b1', ' Alice writes.');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toEqual(['blocks/b1']);

  const admin = await editorContext(browser, 'admin');
  const panel = await admin.newPage();
  await panel.goto('/controlpanel/locking');
  await expect(panel.locator('h1')).toHaveText('Locks');
  await panel.locator('#locks-creator').fill('alice');
  await panel.locator('#locks-apply').click();
  const row = panel.locator('tr', { hasText: 'Release me' });
  await expect(row).toContainText('blocks/b1');
  await expect(row).toContainText('Alice Liddell');
  await row.locator('.ui.checkbox').click();
  await panel.locator('#locks-release').click();
  const preview = panel.locator('.collective-locking-preview');
  await expect(preview).toContainText('This lock will be released:');
  await expect(preview).toContainText(`${pagePath}/@lock/blocks/b1`);
  // The dry run released nothing.
  expect(Object.keys((await locksOf(pagePath)).fragments)).toEqual([
    'blocks/b1',
  ]);
  await screenshot(panel, 'controlpanel-preview');
  await panel.locator('#locks-confirm').click();
  await expect(panel.locator('.ui.positive.message')).toContainText(
    'Released: 1. Refused: 0.',
  );
  expect((await locksOf(pagePath)).fragments).toEqual({});

  // The history shows it to the administrator.
  await panel.reload();
  await expect(panel.locator('.collective-locking-history')).toContainText(
    pagePath,
  );
  await expect(panel.locator('.collective-locking-history')).toContainText(
    'alice',
  );

  // Alice's next save says that her lock was released by someone else,
  // and keeps her text; saving again writes it (nobody holds the block).
  await save(alicePage);
  await expect(alicePage.locator('.Toastify__toast').first()).toContainText(
    /lock (was|on .*) (broken|released) by someone else/,
  );
  await expect(alicePage).toHaveURL(new RegExp(`${pagePath}/edit$`));
  expect((await stored(pagePath)).blocks.b1.plaintext).toBe('Paragraph 1.');
  await save(alicePage);
  await expect(alicePage).toHaveURL(new RegExp(`${pagePath}$`));
  expect((await stored(pagePath)).blocks.b1.plaintext).toBe(
    'Paragraph 1. Alice writes.',
  );
  await alice.close();
  await admin.close();
});

test('the panel filters, sorts and pages; an editor sees only their own locks and no history', async ({
  browser,
}) => {
  const bob = await api('bob');
  const pages = [];
  for (let n = 0; n < 3; n += 1) {
    const pagePath = await createPage(1, { title: `Bob page ${n}` });
    pages.push(pagePath);
    const answer = await bob.post(`${pagePath.slice(1)}/@lock`, {
      data: { fragments: ['blocks/b1'] },
    });
    expect(answer.status()).toBe(200);
  }
  const admin = await editorContext(browser, 'admin');
  const panel = await admin.newPage();
  await panel.goto('/controlpanel/locking');
  await panel.locator('#locks-creator').fill('bob');
  await panel.locator('#locks-kind').click();
  await panel
    .locator('#locks-kind .item', { hasText: 'fields and blocks' })
    .click();
  await panel.locator('#locks-apply').click();
  await expect(panel.locator('.collective-locking-total')).toHaveText(
    '3 locks',
  );
  await expect(panel.locator('.collective-locking-locks tbody tr')).toHaveCount(
    3,
  );
  await screenshot(panel, 'controlpanel');
  // A typo cannot widen anything: an unknown holder lists nothing.
  await panel.locator('#locks-creator').fill('nobody');
  await panel.locator('#locks-apply').click();
  await expect(panel.locator('.collective-locking-total')).toHaveText(
    'No locks',
  );

  const alice = await editorContext(browser, 'alice');
  const own = await alice.newPage();
  await own.goto('/controlpanel/locking');
  await own.locator('#locks-creator').fill('bob');
  await own.locator('#locks-apply').click();
  // Alice sees only her own locks: none of Bob's.
  await expect(own.locator('.collective-locking-total')).toHaveText('No locks');
  await expect(own.locator('.collective-locking-history')).toHaveCount(0);
  for (const pagePath of pages) await bob.delete(`${pagePath.slice(1)}/@lock`);
  await bob.dispose();
  await admin.close();
  await alice.close();
});

test('settings: saved through @controlpanels/locking; a refused value is told', async ({
  browser,
}) => {
  const admin = await editorContext(browser, 'admin');
  const panel = await admin.newPage();
  await panel.goto('/controlpanel/locking');
  const settings = panel.locator('.collective-locking-settings');
  await expect(settings).toBeVisible();
  const field = settings.locator('#field-default_timeout');
  await field.fill('999999999');
  await settings.locator('button[aria-label="Save"]').click();
  // The site's own words for what it refused, not a generic error.
  await expect(settings.locator('.ui.negative.message')).toContainText(
    'default_timeout must not be longer than max_timeout.',
  );
  await screenshot(panel, 'controlpanel-settings');
  // Nothing was stored.
  await panel.reload();
  await expect(settings.locator('#field-default_timeout')).not.toHaveValue(
    '999999999',
  );
  // A good value is saved.
  const history = settings.locator('#field-history_size');
  const before = await history.inputValue();
  await history.fill('499');
  await settings.locator('button[aria-label="Save"]').click();
  await expect(settings.locator('.ui.positive.message')).toHaveText(
    'Changes saved',
  );
  const admin_api = await api('admin');
  const stored = await (await admin_api.get('@controlpanels/locking')).json();
  expect(stored.data.history_size).toBe(499);
  await admin_api.patch('@controlpanels/locking', {
    data: { history_size: Number(before) },
  });
  await admin_api.dispose();
  await admin.close();
});

test('the panel sorts by end and pages through more locks than fit one page', async ({
  browser,
}) => {
  const bob = await api('bob');
  const pages = [];
  // 22 private pages (the navigation stays as it is), Bob's locks on them
  // ending one second apart.
  for (let n = 0; n < 22; n += 1) {
    const pagePath = await createPage(1, {
      title: `Paged ${n}`,
      publish: false,
    });
    pages.push(pagePath);
    const answer = await bob.post(`${pagePath.slice(1)}/@lock`, {
      data: { fragments: ['blocks/b1'], timeout: 600 + n },
    });
    expect(answer.status()).toBe(200);
  }
  const admin = await editorContext(browser, 'admin');
  const panel = await admin.newPage();
  await panel.goto('/controlpanel/locking');
  await panel.locator('#locks-creator').fill('bob');
  await panel.locator('#locks-sort-on').click();
  await panel.locator('#locks-sort-on .item', { hasText: 'Until' }).click();
  await panel.locator('#locks-sort-order').click();
  await panel
    .locator('#locks-sort-order .item', { hasText: 'descending' })
    .click();
  await panel.locator('#locks-apply').click();
  await expect(panel.locator('.collective-locking-total')).toHaveText(
    '22 locks',
  );
  const rows = panel.locator('.collective-locking-locks tbody tr');
  await expect(rows).toHaveCount(20);
  // The lock that ends last comes first.
  await expect(rows.first()).toContainText('Paged 21');
  await panel.locator('button', { hasText: 'Next' }).click();
  await expect(rows).toHaveCount(2);
  await expect(rows.last()).toContainText('Paged 0');
  await panel.locator('button', { hasText: 'Previous' }).click();
  await expect(rows).toHaveCount(20);
  for (const pagePath of pages) await bob.delete(`${pagePath.slice(1)}/@lock`);
  await bob.dispose();
  await admin.close();
});

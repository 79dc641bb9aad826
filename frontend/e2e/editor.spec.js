// Two editors in Volto's editor, on one page, at once.
const { test, expect } = require('@playwright/test');
const {
  api,
  block,
  cancel,
  createPage,
  editorContext,
  json,
  locksOf,
  openEditor,
  save,
  screenshot,
  stored,
  typeInBlock,
} = require('./helpers');

const held = (page, id) => block(page, id).locator('.collective-locking-held');

test('opening the editor takes no whole-item lock; selecting a block locks it', async ({
  browser,
}) => {
  const pagePath = await createPage(3);
  const alice = await editorContext(browser, 'alice');
  const page = await openEditor(alice, pagePath);
  let locks = await locksOf(pagePath);
  expect(locks.locked).toBe(false);
  expect(locks.fragments).toEqual({});
  await typeInBlock(page, 'b1', ' Alice');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toEqual(['blocks/b1']);
  locks = await locksOf(pagePath);
  expect(locks.fragments['blocks/b1'].creator).toBe('alice');
  expect(locks.fragments['blocks/b1'].timeout).toBe(120);
  await alice.close();
});

test('two editors edit different blocks at once and both saves land', async ({
  browser,
}) => {
  const pagePath = await createPage(3);
  const alice = await editorContext(browser, 'alice');
  const bob = await editorContext(browser, 'bob');
  const alicePage = await openEditor(alice, pagePath);
  const bobPage = await openEditor(bob, pagePath);

  await typeInBlock(alicePage, 'b1', ' Edited by Alice.');
  await typeInBlock(bobPage, 'b2', ' Edited by Bob.');
  // Each sees the other's block held, named, within a poll.
  await expect(held(bobPage, 'b1')).toContainText(
    'Being edited by Alice Liddell until',
  );
  await expect(held(alicePage, 'b2')).toContainText(
    'Being edited by Bob Cratchit until',
  );
  await screenshot(bobPage, 'two-editors');

  await save(alicePage);
  await expect(alicePage).toHaveURL(new RegExp(`${pagePath}$`));
  await save(bobPage);
  await expect(bobPage).toHaveURL(new RegExp(`${pagePath}$`));

  const page = await stored(pagePath);
  expect(page.blocks.b1.plaintext).toBe('Paragraph 1. Edited by Alice.');
  expect(page.blocks.b2.plaintext).toBe('Paragraph 2. Edited by Bob.');
  expect(page.blocks.b3.plaintext).toBe('Paragraph 3.');
  const locks = await locksOf(pagePath);
  expect(locks.fragments).toEqual({}); // saved and unlocked at once
  await alice.close();
  await bob.close();
});

test('a save lands while someone else holds a teaser block of the page', async ({
  browser,
}) => {
  // plone.restapi stores a teaser anew on every save (its target's summary
  // as it is now): a save of another block must not count as writing it.
  const target = await createPage(0, { title: 'Teaser target' });
  const pagePath = await createPage(2, {
    moreBlocks: {
      teaser: {
        '@type': 'teaser',
        overwrite: false,
        title: 'Teaser target',
        href: [{ '@id': target, title: 'Teaser target' }],
      },
    },
  });
  const admin = await api('admin');
  const renamed = await admin.patch(target.slice(1), {
    data: { title: 'Teaser target, renamed since' },
  });
  expect(renamed.status()).toBe(204);
  await admin.dispose();
  // Alice holds the teaser (from another client: Volto or a script).
  const alice = await api('alice');
  const taken = await alice.post(`${pagePath.slice(1)}/@lock`, {
    data: { fragments: ['blocks/teaser'] },
  });
  expect(taken.status(), await taken.text()).toBe(200);
  const teaserBefore = (await stored(pagePath)).blocks.teaser;

  const bob = await editorContext(browser, 'bob');
  const bobPage = await openEditor(bob, pagePath);
  await expect(held(bobPage, 'teaser')).toContainText(
    'Being edited by Alice Liddell until',
  );
  await typeInBlock(bobPage, 'b1', ' Edited by Bob.');
  await save(bobPage);
  await expect(bobPage).toHaveURL(new RegExp(`${pagePath}$`));

  const page = await stored(pagePath);
  expect(page.blocks.b1.plaintext).toBe('Paragraph 1. Edited by Bob.');
  expect(page.blocks.teaser).toEqual(teaserBefore);
  await alice.dispose();
  await bob.close();
});

test('a block someone holds cannot be changed by the other, and comes back when released', async ({
  browser,
}) => {
  const pagePath = await createPage(3);
  const alice = await editorContext(browser, 'alice');
  const bob = await editorContext(browser, 'bob');
  const alicePage = await openEditor(alice, pagePath);
  await typeInBlock(alicePage, 'b1', ' Alice was here.');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toEqual(['blocks/b1']);

  // Plone hides "Edit" while Alice holds a lock; the add-on offers it
  // back, since only one block is held.
  const bobPage = await bob.newPage();
  await bobPage.goto(pagePath);
  await bobPage.locator('#toolbar a.edit').click();
  await expect(bobPage).toHaveURL(new RegExp(`${pagePath}/edit$`));
  await expect(held(bobPage, 'b1')).toContainText(
    'Being edited by Alice Liddell until',
  );
  // The held block is shown, not editable: nothing to type into.
  await expect(
    block(bobPage, 'b1').locator('[contenteditable="true"]'),
  ).toHaveCount(0);
  await block(bobPage, 'b1').click({ force: true });
  await bobPage.keyboard.type('Bob tries');
  await expect(block(bobPage, 'b1')).not.toContainText('Bob tries');

  // Alice saves: her lock goes, Bob gets the block back with her text.
  await save(alicePage);
  await expect(alicePage).toHaveURL(new RegExp(`${pagePath}$`));
  await expect(held(bobPage, 'b1')).toHaveCount(0, { timeout: 15000 });
  await expect(block(bobPage, 'b1')).toContainText('Alice was here.');
  await typeInBlock(bobPage, 'b1', ' Bob too.');
  await save(bobPage);
  await expect(bobPage).toHaveURL(new RegExp(`${pagePath}$`));
  expect((await stored(pagePath)).blocks.b1.plaintext).toBe(
    'Paragraph 1. Alice was here. Bob too.',
  );
  await alice.close();
  await bob.close();
});

test('a refused save keeps the edits and the locks and says why; a broken lock is told as such', async ({
  browser,
}) => {
  const pagePath = await createPage(3);
  const alice = await editorContext(browser, 'alice');
  const page = await openEditor(alice, pagePath);
  await typeInBlock(page, 'b1', ' First.');
  await typeInBlock(page, 'b2', ' Second.');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments).sort())
    .toEqual(['blocks/b1', 'blocks/b2']);

  // An administrator breaks Alice's lock on b2 and Bob takes that block.
  const admin = await api('admin');
  const broken = await admin.delete(`${pagePath.slice(1)}/@lock/blocks/b2`, {
    data: { force: true },
  });
  expect(broken.status()).toBe(200);
  const bob = await api('bob');
  const taken = await bob.post(`${pagePath.slice(1)}/@lock`, {
    data: { fragments: ['blocks/b2'] },
  });
  expect(taken.status(), await taken.text()).toBe(200);

  await save(page);
  const toast = page.locator('.Toastify__toast');
  await expect(toast.filter({ hasText: 'Bob Cratchit' }).first()).toContainText(
    /is being edited by Bob Cratchit until|released by someone else; Bob Cratchit is editing it/,
  );
  await screenshot(page, 'refused-save');
  // Still in the editor, with Alice's words.
  await expect(page).toHaveURL(new RegExp(`${pagePath}/edit$`));
  await expect(block(page, 'b1')).toContainText('Paragraph 1. First.');
  await expect(block(page, 'b2')).toContainText('Paragraph 2. Second.');
  // Nothing was written; Alice still holds b1.
  expect((await stored(pagePath)).blocks.b1.plaintext).toBe('Paragraph 1.');
  const locks = await locksOf(pagePath);
  expect(locks.fragments['blocks/b1'].creator).toBe('alice');
  expect(locks.fragments['blocks/b2'].creator).toBe('bob');
  // Bob's block is now read-only for her, named.
  await expect(held(page, 'b2')).toContainText(
    'Being edited by Bob Cratchit until',
  );

  await admin.dispose();
  await bob.dispose();
  await alice.close();
});

test('a page held as a whole opens read-only; a user who may break the lock can', async ({
  browser,
}) => {
  const pagePath = await createPage(2);
  const bob = await api('bob');
  let answer = await bob.post(`${pagePath.slice(1)}/@lock`, { data: {} });
  expect(answer.status()).toBe(200);

  const alice = await editorContext(browser, 'alice');
  const page = await openEditor(alice, pagePath);
  const banner = page.locator('.collective-locking-page-held');
  await expect(banner).toContainText(
    'This page is locked as a whole by Bob Cratchit until',
  );
  await expect(held(page, 'b1')).toContainText('Being edited by Bob Cratchit');
  await expect(
    block(page, 'b1').locator('[contenteditable="true"]'),
  ).toHaveCount(0);
  await screenshot(page, 'page-held');
  await page.locator('.collective-locking-break').click();
  await expect(banner).toHaveCount(0);
  await expect(
    block(page, 'b1').locator('[contenteditable="true"]'),
  ).toHaveCount(1);
  expect((await locksOf(pagePath)).locked).toBe(false);
  await page.close();

  // A lock Alice may not break: Volto offers no editor (as stock), and
  // the editor's address names the holder, with no button.
  answer = await bob.post(`${pagePath.slice(1)}/@lock`, {
    data: { stealable: false },
  });
  expect(answer.status()).toBe(200);
  const view = await alice.newPage();
  await view.goto(pagePath);
  await expect(view.locator('#toolbar a.edit')).toHaveCount(0);
  await view.goto(`${pagePath}/edit`);
  await expect(view.locator('.collective-locking-page-held')).toContainText(
    'This page is locked as a whole by Bob Cratchit until',
  );
  await expect(view.locator('.collective-locking-break')).toHaveCount(0);
  expect((await stored(pagePath)).blocks.b1.plaintext).toBe('Paragraph 1.');
  await bob.delete(`${pagePath.slice(1)}/@lock`);
  await bob.dispose();
  await alice.close();
});

test('a field edited in the sidebar is locked and shown read-only to the other editor', async ({
  browser,
}) => {
  const pagePath = await createPage(1);
  const alice = await editorContext(browser, 'alice');
  const bob = await editorContext(browser, 'bob');
  const alicePage = await openEditor(alice, pagePath);
  // The sidebar's "Document" tab: the item's own fields.
  await alicePage.locator('#sidebar .tabs-wrapper .item').first().click();
  const description = alicePage.locator('#sidebar-metadata #field-description');
  await description.click();
  await description.type('Written by Alice.');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toContain('description');

  const bobPage = await openEditor(bob, pagePath);
  await bobPage.locator('#sidebar .tabs-wrapper .item').first().click();
  const mark = bobPage.locator(
    '.collective-locking-held-field[data-field="description"]',
  );
  await expect(mark).toContainText('Being edited by Alice Liddell until');
  await expect(mark.locator('textarea, input').first()).toBeDisabled();
  await screenshot(bobPage, 'field-held');

  await save(alicePage);
  await expect(alicePage).toHaveURL(new RegExp(`${pagePath}$`));
  expect((await stored(pagePath)).description).toBe('Written by Alice.');
  await alice.close();
  await bob.close();
});

test('leaving the editor without saving gives the locks back', async ({
  browser,
}) => {
  const pagePath = await createPage(2);
  const alice = await editorContext(browser, 'alice');
  const page = await openEditor(alice, pagePath);
  await typeInBlock(page, 'b1', ' draft');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toEqual(['blocks/b1']);
  await cancel(page);
  await expect(page).toHaveURL(new RegExp(`${pagePath}$`));
  await expect
    .poll(async () => (await locksOf(pagePath)).fragments)
    .toEqual({});
  expect((await stored(pagePath)).blocks.b1.plaintext).toBe('Paragraph 1.');
  await alice.close();
});

test('adding a block locks the layout; the save adds it without touching the others', async ({
  browser,
}) => {
  const pagePath = await createPage(2);
  const alice = await editorContext(browser, 'alice');
  const page = await openEditor(alice, pagePath);
  const editable = await typeInBlock(page, 'b2', ' End.');
  await page.keyboard.press('Enter'); // Slate: a new text block below
  await page.waitForTimeout(500); // the new block takes the focus
  await page.keyboard.type('A new paragraph.');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments).sort())
    .toEqual(['blocks/b2', 'blocks_layout']);
  expect(editable).toBeTruthy();
  await save(page);
  await expect(page).toHaveURL(new RegExp(`${pagePath}$`));
  const saved = await stored(pagePath);
  expect(saved.blocks_layout.items).toHaveLength(4);
  const added = saved.blocks_layout.items[3];
  expect(saved.blocks[added].plaintext).toBe('A new paragraph.');
  expect(saved.blocks.b1.plaintext).toBe('Paragraph 1.');
  expect((await locksOf(pagePath)).fragments).toEqual({});
  await alice.close();
});

test('requests: one GET @lock per poll interval per open editor', async ({
  browser,
}) => {
  const pagePath = await createPage(2);
  const alice = await editorContext(browser, 'alice');
  const page = await alice.newPage();
  const reads = [];
  page.on('request', (r) => {
    if (r.method() === 'GET' && r.url().endsWith(`${pagePath}/@lock`))
      reads.push(Date.now());
  });
  await page.goto(`${pagePath}/edit`);
  await expect(
    page.locator('#page-edit .block-editor-slate').first(),
  ).toBeVisible();
  const start = Date.now();
  await page.waitForTimeout(16000);
  const during = reads.filter((t) => t >= start).length;
  // 5 s interval: three reads in 16 s (four at most, by timer jitter).
  expect(during).toBeGreaterThanOrEqual(3);
  expect(during).toBeLessThanOrEqual(4);
  await alice.close();
  const answer = await json(
    await (await api('admin')).get(`${pagePath.slice(1)}/@lock`),
  );
  expect(answer.locked).toBe(false);
});

test('a save that meets a 503 (a conflict the site could not resolve) is sent again', async ({
  browser,
}) => {
  const pagePath = await createPage(2);
  const alice = await editorContext(browser, 'alice');
  const page = await openEditor(alice, pagePath);
  await typeInBlock(page, 'b1', ' After a retry.');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toEqual(['blocks/b1']);
  // The first save answers as Zope does when conflicts outlast its retries.
  let refused = 0;
  await page.route(`**${pagePath}`, async (route) => {
    if (route.request().method() === 'PATCH' && refused === 0) {
      refused += 1;
      await route.fulfill({
        status: 503,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '1' },
        body: JSON.stringify({
          error: {
            type: 'ConflictError',
            message: 'The site is busy: try again.',
          },
        }),
      });
      return;
    }
    await route.continue();
  });
  await save(page);
  await expect(page).toHaveURL(new RegExp(`${pagePath}$`));
  expect(refused).toBe(1);
  expect((await stored(pagePath)).blocks.b1.plaintext).toBe(
    'Paragraph 1. After a retry.',
  );
  await alice.close();
});

test('closing the tab gives the locks back at once', async ({ browser }) => {
  const pagePath = await createPage(2);
  const alice = await editorContext(browser, 'alice');
  const page = await openEditor(alice, pagePath);
  await typeInBlock(page, 'b1', ' unsaved');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toEqual(['blocks/b1']);
  await page.close({ runBeforeUnload: true });
  // Long before the lock's two minutes are over.
  await expect
    .poll(async () => (await locksOf(pagePath)).fragments, { timeout: 5000 })
    .toEqual({});
  await alice.close();
});

test('the editor renews its locks before they expire', async ({ browser }) => {
  test.setTimeout(180000);
  const pagePath = await createPage(2);
  const alice = await editorContext(browser, 'alice');
  const page = await openEditor(alice, pagePath);
  await typeInBlock(page, 'b1', ' kept alive');
  await expect
    .poll(async () => Object.keys((await locksOf(pagePath)).fragments))
    .toEqual(['blocks/b1']);
  const first = Date.parse(
    (await locksOf(pagePath)).fragments['blocks/b1'].expires,
  );
  // A lock of 120 s is renewed when it has less than 60 s left.
  await expect
    .poll(
      async () =>
        Date.parse((await locksOf(pagePath)).fragments['blocks/b1'].expires),
      { timeout: 90000, intervals: [5000] },
    )
    .toBeGreaterThan(first);
  await save(page);
  await expect(page).toHaveURL(new RegExp(`${pagePath}$`));
  expect((await stored(pagePath)).blocks.b1.plaintext).toBe(
    'Paragraph 1. kept alive',
  );
  await alice.close();
});

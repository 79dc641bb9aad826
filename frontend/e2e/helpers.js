// Shared steps of the end-to-end tests: REST calls straight to the backend
// (setting up pages, checking what was stored) and editors logged in to
// Volto in their own browser contexts.
const { expect, request: playwrightRequest } = require('@playwright/test');
const fs = require('fs');
const path = require('path');
const { BACKEND, VOLTO, VOLTO_DE, VOLTO_STOCK } = require('./addresses');

const USERS = {
  admin: { password: 'admin', name: 'admin' },
  alice: { password: 'alice-secret', name: 'Alice Liddell' },
  bob: { password: 'bob-secret', name: 'Bob Cratchit' },
};

const backendUrl = (site = 'Plone') => `http://127.0.0.1:${BACKEND}/${site}`;

/** A REST client of the backend, logged in as `user`. */
async function api(user, site = 'Plone') {
  const { password } = USERS[user];
  return playwrightRequest.newContext({
    baseURL: `${backendUrl(site)}/`,
    extraHTTPHeaders: {
      Accept: 'application/json',
      Authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    },
  });
}

async function json(response) {
  const text = await response.text();
  return text ? JSON.parse(text) : null;
}

function textBlock(words) {
  return {
    '@type': 'slate',
    plaintext: words,
    value: [{ type: 'p', children: [{ text: words }] }],
  };
}

let counter = 0;

/** A published page with a title block, `count` text blocks b1..bN, then
 * `moreBlocks` ({id: block}). */
async function createPage(
  count = 3,
  { site = 'Plone', title, language, publish = true, moreBlocks = {} } = {},
) {
  counter += 1;
  const id = `e2e-${Date.now().toString(36)}-${counter}`;
  const blocks = { title: { '@type': 'title' } };
  for (let n = 1; n <= count; n += 1)
    blocks[`b${n}`] = textBlock(`Paragraph ${n}.`);
  Object.assign(blocks, moreBlocks);
  const admin = await api('admin', site);
  if (language) {
    // A page in another language needs the language on the site.
    const answer = await admin.patch('@controlpanels/language', {
      data: { available_languages: ['en', language] },
    });
    expect(answer.status(), await answer.text()).toBe(204);
  }
  const created = await admin.post('', {
    data: {
      '@type': 'Document',
      id,
      title: title || `Page ${id}`,
      ...(language && { language }),
      blocks,
      blocks_layout: { items: Object.keys(blocks) },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  if (publish) await admin.post(`${id}/@workflow/publish`);
  await admin.dispose();
  return `/${id}`;
}

/** The page as stored, read by the admin. */
async function stored(pagePath, site = 'Plone') {
  const admin = await api('admin', site);
  const answer = await json(await admin.get(pagePath.slice(1)));
  await admin.dispose();
  return answer;
}

/** GET @lock as `user`. */
async function locksOf(pagePath, user = 'admin', site = 'Plone') {
  const client = await api(user, site);
  const answer = await json(await client.get(`${pagePath.slice(1)}/@lock`));
  await client.dispose();
  return answer;
}

/** A browser context logged in to Volto as `user`. */
async function editorContext(
  browser,
  user,
  { stock = false, language = 'en' } = {},
) {
  // Volto speaks the language of the page it shows (German: a German
  // page, on the server whose site language is German).
  const port = stock ? VOLTO_STOCK : language === 'de' ? VOLTO_DE : VOLTO;
  const site = stock ? 'Stock' : 'Plone';
  const login = await playwrightRequest.newContext();
  const answer = await login.post(`${backendUrl(site)}/++api++/@login`, {
    headers: { Accept: 'application/json' },
    data: { login: user, password: USERS[user].password },
  });
  expect(answer.status()).toBe(200);
  const { token } = await answer.json();
  await login.dispose();
  const context = await browser.newContext({
    baseURL: `http://127.0.0.1:${port}`,
    locale: language === 'de' ? 'de-DE' : 'en-GB',
    timezoneId: 'Europe/Berlin',
  });
  await context.addCookies([
    { name: 'auth_token', value: token, url: `http://127.0.0.1:${port}` },
    { name: 'I18N_LANGUAGE', value: language, url: `http://127.0.0.1:${port}` },
  ]);
  return context;
}

/** Open a page's editor and wait until its blocks can be typed in. */
async function openEditor(context, pagePath) {
  const page = await context.newPage();
  await page.goto(`${pagePath}/edit`);
  await expect(
    page.locator('#page-edit .block-editor-slate').first(),
  ).toBeVisible();
  return page;
}

/** Block `id` in Volto's editor (react-beautiful-dnd names it). */
function block(page, id) {
  return page.locator(`#page-edit [data-rbd-draggable-id="${id}"]`);
}

/** Whether the caret is in `element` with nothing but spaces after it. */
function caretAtEnd(element) {
  const selection = window.getSelection();
  if (!selection.rangeCount || !element.contains(selection.focusNode))
    return false;
  const rest = document.createRange();
  rest.selectNodeContents(element);
  rest.setStart(selection.focusNode, selection.focusOffset);
  return rest.toString().trim() === '';
}

/** Click into text block `id`, put the caret at the end of its text and
 * type. Volto focuses a block it selects a moment after the click (and
 * may put the caret at its start then): the caret is moved to the end until
 * it stays there. */
async function typeInBlock(page, id, words) {
  const editable = block(page, id).locator('[contenteditable="true"]').first();
  const before = (await editable.innerText()).replace(/\n+$/, '');
  await editable.click();
  await expect(block(page, id).locator('.block.selected')).toHaveCount(1);
  await expect(editable).toBeFocused();
  for (let attempt = 0; attempt < 10; attempt += 1) {
    const box = await editable.boundingBox();
    await editable.click({ position: { x: box.width - 4, y: 12 } });
    await page.keyboard.press('End');
    await page.waitForTimeout(250);
    if (await editable.evaluate(caretAtEnd)) {
      await page.waitForTimeout(250);
      if (await editable.evaluate(caretAtEnd)) break;
    }
  }
  await page.keyboard.type(words);
  await expect(editable).toHaveText(`${before}${words}`);
  return editable;
}

async function save(page) {
  await page.locator('#toolbar-save').click();
}

async function cancel(page) {
  await page.locator('#toolbar button.cancel').click();
}

/** A screenshot for the docs page "Volto", written with
 * UPDATE_DOCS_SCREENSHOTS=1, else beside the test results. */
async function screenshot(page, name) {
  const docs = path.resolve(__dirname, '../../docs/_static');
  const target = process.env.UPDATE_DOCS_SCREENSHOTS
    ? path.join(docs, `volto-${name}.png`)
    : path.resolve(__dirname, '../test-results', `volto-${name}.png`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  await page.screenshot({ path: target });
}

module.exports = {
  USERS,
  api,
  backendUrl,
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
  textBlock,
  typeInBlock,
};

#!/usr/bin/env node
// Volto's editor with volto-collective-locking against the same Volto
// without it, on one backend (collective.locking installed), in one run:
//
//   open   a page of 20 text blocks in the editor until a block can be
//          typed in (its contenteditable is there and takes a click)
//   save   type into one block, Save, until the page view is back
//   poll   GET @lock requests of an editor left open for 30 s
//
// Median of RUNS runs each (default 7), the two builds taking turns.
// Run by `make bench` (which builds both: frontend/build with the add-on,
// frontend/.bench/stock/build without it); 127.0.0.1 only.
//
//   node benchmarks/volto_editor.js [--runs N]
const { spawn } = require("child_process");
const path = require("path");

const frontend = path.resolve(__dirname, "../frontend");
const { chromium, request } = require(
  path.join(frontend, "node_modules/@playwright/test"),
);

const RUNS = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 7;
const BACKEND = 55090;
const PORTS = { addon: 53010, stock: 53011 };
const BUILDS = { addon: frontend, stock: path.join(frontend, ".bench/stock") };
const BLOCKS = 20;

const children = [];
function start(name, command, args, options) {
  const child = spawn(command, args, {
    ...options,
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  let errors = "";
  child.stderr.on("data", (chunk) => (errors = (errors + chunk).slice(-4000)));
  child.on("exit", (code) => {
    if (code && !stopping)
      console.error(`${name} exited with ${code}:\n${errors}`);
  });
  children.push(child);
  return child;
}
let stopping = false;
function stopAll() {
  stopping = true;
  children.forEach((child) => {
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch (e) {
      /* gone */
    }
  });
}
process.on("exit", stopAll);
process.on("SIGINT", () => process.exit(130));

async function waitFor(url, seconds) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    try {
      const answer = await fetch(url);
      if (answer.ok) return;
    } catch (e) {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not answer in ${seconds} s`);
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : (sorted[middle - 1] + sorted[middle]) / 2;
};

async function api() {
  return request.newContext({
    baseURL: `http://127.0.0.1:${BACKEND}/Plone/`,
    extraHTTPHeaders: {
      Accept: "application/json",
      Authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}`,
    },
  });
}

async function createPage(admin, id) {
  const blocks = { title: { "@type": "title" } };
  for (let n = 1; n <= BLOCKS; n += 1) {
    const words = `Paragraph ${n} of a page that two editors share.`;
    blocks[`b${n}`] = {
      "@type": "slate",
      plaintext: words,
      value: [{ type: "p", children: [{ text: words }] }],
    };
  }
  const answer = await admin.post("", {
    data: {
      "@type": "Document",
      id,
      title: `Bench ${id}`,
      blocks,
      blocks_layout: { items: Object.keys(blocks) },
    },
  });
  if (answer.status() !== 201) throw new Error(await answer.text());
}

async function loggedIn(browser, port) {
  const login = await request.newContext();
  const answer = await login.post(
    `http://127.0.0.1:${BACKEND}/Plone/++api++/@login`,
    {
      headers: { Accept: "application/json" },
      data: { login: "alice", password: "alice-secret" },
    },
  );
  const { token } = await answer.json();
  await login.dispose();
  const context = await browser.newContext({
    baseURL: `http://127.0.0.1:${port}`,
  });
  await context.addCookies([
    { name: "auth_token", value: token, url: `http://127.0.0.1:${port}` },
  ]);
  return context;
}

async function oneRun(browser, variant, pageId) {
  const context = await loggedIn(browser, PORTS[variant]);
  const page = await context.newPage();
  const block = page.locator(
    `[data-rbd-draggable-id="b10"] [contenteditable="true"]`,
  );
  const started = performance.now();
  await page.goto(`/${pageId}/edit`);
  await block.waitFor({ state: "visible" });
  await block.click();
  const open = performance.now() - started;
  await page.keyboard.press("End");
  await page.keyboard.type(" x");
  const saving = performance.now();
  await page.locator("#toolbar-save").click();
  await page.waitForURL(new RegExp(`/${pageId}$`));
  await page.locator("#page-document").waitFor();
  const save = performance.now() - saving;
  await context.close();
  return { open, save };
}

async function pollCost(browser, pageId) {
  const context = await loggedIn(browser, PORTS.addon);
  const page = await context.newPage();
  let reads = 0;
  let other = 0;
  await page.goto(`/${pageId}/edit`);
  await page
    .locator('[data-rbd-draggable-id="b10"] [contenteditable="true"]')
    .waitFor();
  page.on("request", (r) => {
    if (!r.url().includes("/++api++/")) return;
    if (r.method() === "GET" && r.url().endsWith("/@lock")) reads += 1;
    else other += 1;
  });
  await page.waitForTimeout(30000);
  await context.close();
  return { reads, other };
}

async function main() {
  const backendDir = path.join(frontend, ".bench/backend");
  start("backend", "bash", [path.join(frontend, "e2e/backend.sh")], {
    env: {
      ...process.env,
      E2E_BACKEND_PORT: String(BACKEND),
      E2E_BACKEND_DIR: backendDir,
    },
  });
  await waitFor(`http://127.0.0.1:${BACKEND}/Stock/++api++`, 600);
  for (const [variant, port] of Object.entries(PORTS)) {
    start(variant, "node", ["build/server.js"], {
      cwd: BUILDS[variant],
      env: {
        ...process.env,
        HOST: "127.0.0.1",
        RAZZLE_BIND_ADDRESS: "127.0.0.1",
        PORT: String(port),
        NODE_ENV: "production",
        RAZZLE_API_PATH: `http://127.0.0.1:${port}`,
        RAZZLE_INTERNAL_API_PATH: `http://127.0.0.1:${BACKEND}/Plone`,
      },
    });
    await waitFor(`http://127.0.0.1:${port}/ok`, 120);
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--no-first-run",
    ],
  });
  const admin = await api();
  const pageId = `bench-${Date.now().toString(36)}`;
  await createPage(admin, pageId);
  // Warm both servers and the backend's caches.
  for (const variant of Object.keys(PORTS))
    await oneRun(browser, variant, pageId);
  const results = {
    stock: { open: [], save: [] },
    addon: { open: [], save: [] },
  };
  for (let run = 0; run < RUNS; run += 1) {
    const order = run % 2 ? ["addon", "stock"] : ["stock", "addon"];
    for (const variant of order) {
      const { open, save } = await oneRun(browser, variant, pageId);
      results[variant].open.push(open);
      results[variant].save.push(save);
    }
  }
  const poll = await pollCost(browser, pageId);
  await browser.close();
  await admin.dispose();

  const rows = ["open", "save"].map((measure) => {
    const stock = median(results.stock[measure]);
    const addon = median(results.addon[measure]);
    return { measure, stock, addon, ratio: addon / stock };
  });
  console.log(
    `\nVolto 18.33.0 editor, page of ${BLOCKS} text blocks, median of ${RUNS} runs (ms)`,
  );
  console.log(
    "| measure | stock Volto | with volto-collective-locking | add-on / stock |",
  );
  console.log("| --- | ---: | ---: | ---: |");
  rows.forEach(({ measure, stock, addon, ratio }) =>
    console.log(
      `| ${measure} | ${stock.toFixed(0)} | ${addon.toFixed(0)} | ${ratio.toFixed(2)}x |`,
    ),
  );
  console.log(
    `\nAn editor left open 30 s: ${poll.reads} GET @lock (poll interval 5 s), ${poll.other} other API requests.`,
  );
  const slow = rows.filter((row) => row.ratio > 1.1);
  if (slow.length) {
    console.log(
      `Over 10% slower than stock: ${slow.map((r) => r.measure).join(", ")}`,
    );
    process.exitCode = 1;
  }
}

main()
  .catch((error) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(stopAll);

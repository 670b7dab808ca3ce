// Drives Debian's Chromium over the book as `course serve` serves it, and
// checks what a reader sees: callouts styled (light and dark), a scenario
// figure visible, a quiz giving feedback and remembering it, and live reload.
// Started by run.sh, which builds and serves a copy of the book.
//
// Environment: BOOK_URL (http://127.0.0.1:PORT/), BOOK_ROOT (the served copy,
// with src/), BOOK_DIR (its first build), SHOT_DIR (screenshots), CHROMIUM.

import { chromium } from "playwright-core";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";

const base = process.env.BOOK_URL;
const bookRoot = process.env.BOOK_ROOT;
const bookDir = process.env.BOOK_DIR;
const shotDir = process.env.SHOT_DIR;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";

let passed = 0;
let failed = 0;

async function check(name, body) {
  try {
    await body();
    passed += 1;
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${String(error && error.stack || error).split("\n").join("\n     ")}`);
  }
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function htmlPages(dir) {
  const pages = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) pages.push(...htmlPages(path));
    else if (name.endsWith(".html")) pages.push(path);
  }
  return pages.sort();
}

// Two chapter pages: one with a figure and a quiz, another with a callout.
const skip = new Set(["print.html", "toc.html", "404.html", "index.html"]);
const pages = htmlPages(bookDir)
  .map((path) => ({ path: relative(bookDir, path), html: readFileSync(path, "utf8") }))
  .filter((page) => !skip.has(page.path));
const figurePage = pages.find((p) => p.html.includes("scenario-figure") && p.html.includes("quiz-question"));
const calloutPage =
  pages.find((p) => p !== figurePage && p.html.includes("admonish-changed")) ||
  pages.find((p) => p !== figurePage && p.html.includes("class=\"admonition "));
assert(figurePage, "no built page has both a scenario figure and a quiz");
assert(calloutPage, "no other built page has a callout");
console.log(`pages: ${figurePage.path} (figure, quiz), ${calloutPage.path} (callout)`);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // Playwright gives each launch a new, empty profile (--user-data-dir).
  ],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();

// Offline: every request the pages make stays on the book's server.
const elsewhere = [];
page.on("request", (request) => {
  const url = request.url();
  if (!url.startsWith(base) && !url.startsWith("data:") && !url.startsWith("ws://127.0.0.1")) {
    elsewhere.push(url);
  }
});
const pageErrors = [];
page.on("pageerror", (error) => pageErrors.push(String(error)));

async function calloutStyle() {
  return page.evaluate(() => {
    const callout = document.querySelector(".admonition");
    const title = callout.querySelector(".admonition-title");
    const style = getComputedStyle(callout);
    const titleStyle = getComputedStyle(title);
    const icon = getComputedStyle(title, "::before");
    return {
      kind: callout.className,
      borderLeftWidth: style.borderLeftWidth,
      borderLeftColor: style.borderLeftColor,
      titleBackground: titleStyle.backgroundColor,
      iconMask: icon.maskImage || icon.webkitMaskImage || "none",
      iconWidth: icon.width,
      themeClass: document.documentElement.className,
    };
  });
}

let lightStyle;
await check(`a callout is styled (${calloutPage.path})`, async () => {
  await page.goto(base + calloutPage.path);
  lightStyle = await calloutStyle();
  assert(lightStyle.borderLeftWidth === "4px", `left border is ${lightStyle.borderLeftWidth}`);
  assert(!/rgba\(0, 0, 0, 0\)|transparent/.test(lightStyle.borderLeftColor), `no border colour: ${lightStyle.borderLeftColor}`);
  assert(!/rgba\(0, 0, 0, 0\)|transparent/.test(lightStyle.titleBackground), `no title background: ${lightStyle.titleBackground}`);
  assert(lightStyle.iconMask.startsWith("url("), `no icon: ${lightStyle.iconMask}`);
  await page.locator(".admonition").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shotDir, "callout-light.png") });
});

await check("callouts are styled in the dark theme too", async () => {
  await page.evaluate(() => localStorage.setItem("mdbook-theme", "navy"));
  await page.reload();
  const dark = await calloutStyle();
  assert(dark.themeClass.includes("navy"), `theme is ${dark.themeClass}`);
  assert(dark.borderLeftWidth === "4px", `left border is ${dark.borderLeftWidth}`);
  assert(dark.borderLeftColor !== lightStyle.borderLeftColor, "the dark theme uses the light colours");
  assert(dark.titleBackground !== lightStyle.titleBackground, "the title bar did not follow the theme");
  await page.locator(".admonition").first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shotDir, "callout-dark.png") });
  await page.evaluate(() => localStorage.setItem("mdbook-theme", "light"));
});

await check(`a scenario figure is visible (${figurePage.path})`, async () => {
  await page.goto(base + figurePage.path);
  const svg = page.locator(".scenario-figure svg").first();
  await svg.scrollIntoViewIfNeeded();
  assert(await svg.isVisible(), "the SVG is not visible");
  const box = await svg.boundingBox();
  assert(box && box.width > 100 && box.height > 20, `the SVG is ${JSON.stringify(box)}`);
  const caption = await page.locator(".scenario-figure figcaption").first().innerText();
  assert(caption.trim().length > 0, "the figure has no caption");
  await page.locator(".scenario").first().screenshot({ path: join(shotDir, "figure.png") });
});

await check("the figure follows the dark theme", async () => {
  const textColour = () =>
    page.evaluate(() => getComputedStyle(document.querySelector(".scenario-figure svg text")).fill);
  const light = await textColour();
  await page.evaluate(() => localStorage.setItem("mdbook-theme", "navy"));
  await page.reload();
  const dark = await textColour();
  assert(light !== dark, `the figure's text stays ${light} in the dark theme`);
  await page.locator(".scenario").first().scrollIntoViewIfNeeded();
  await page.locator(".scenario").first().screenshot({ path: join(shotDir, "figure-dark.png") });
  await page.evaluate(() => localStorage.setItem("mdbook-theme", "light"));
  await page.reload();
});

const question = page.locator(".quiz-question").first();
await check("a quiz answer shows its feedback after a click", async () => {
  await question.scrollIntoViewIfNeeded();
  const answer = await question.getAttribute("data-answer");
  const wrong = question.locator(`.quiz-choice:not([data-choice="${answer}"])`).first();
  const right = question.locator(`.quiz-choice[data-choice="${answer}"]`);
  const feedback = question.locator(".quiz-feedback");
  assert((await feedback.innerText()).trim() === "", "feedback shows before any answer");

  await wrong.click();
  let text = await feedback.innerText();
  assert(text.includes("Not quite"), `after a wrong answer: ${text}`);
  assert((await feedback.getAttribute("class")).includes("quiz-wrong"), "wrong answer not marked");
  assert(text.split("\n").filter((l) => l.trim()).length >= 2, `no explanation: ${text}`);
  assert((await wrong.getAttribute("aria-pressed")) === "true", "the chosen button is not pressed");
  await question.screenshot({ path: join(shotDir, "quiz-wrong.png") });

  await right.click();
  text = await feedback.innerText();
  assert(text.startsWith("Right."), `after the right answer: ${text}`);
  assert((await feedback.getAttribute("aria-live")) === "polite", "feedback is not announced");
  await question.screenshot({ path: join(shotDir, "quiz-right.png") });
});

await check("the answer is remembered after a reload", async () => {
  await page.reload();
  const text = await page.locator(".quiz-question").first().locator(".quiz-feedback").innerText();
  assert(text.startsWith("Right."), `after reload: ${text}`);
});

await check("the keyboard can answer a quiz", async () => {
  const second = page.locator(".quiz-question").nth(1);
  const target = (await second.count()) ? second : page.locator(".quiz-question").first();
  const button = target.locator(".quiz-choice").first();
  await button.focus();
  await page.keyboard.press("Enter");
  const text = await target.locator(".quiz-feedback").innerText();
  assert(/^(Right\.|Not quite)/.test(text), `no feedback after Enter: ${text}`);
});

await check("an edit rebuilds the book and reloads the page", async () => {
  const source = join(bookRoot, "src", figurePage.path.replace(/\.html$/, ".md"));
  const original = readFileSync(source, "utf8");
  const token = `Live reload works ${Date.now()}`;
  try {
    await page.goto(base + figurePage.path);
    await page.evaluate(() => { window.__notReloaded = true; });
    writeFileSync(source, `${original}\n\n${token}\n`);
    // The page may be between two documents (no body yet) while it reloads.
    await page.waitForFunction((t) => document.body !== null && document.body.innerText.includes(t), token, { timeout: 30000 });
    assert(await page.evaluate(() => window.__notReloaded !== true), "the text changed without a reload");

    // A broken page: the server keeps the last good book and does not reload.
    await page.evaluate(() => { window.__notReloaded = true; });
    writeFileSync(source, `${original}\n\n${token}\n\n\`\`\`quiz\n[[question]]\nprompt = "p"\n\`\`\`\n`);
    await page.waitForTimeout(2500);
    assert(await page.evaluate(() => window.__notReloaded === true), "a failed build reloaded the page");
    const served = await (await fetch(base + figurePage.path)).text();
    assert(served.includes(token), "a failed build replaced the last good book");
  } finally {
    writeFileSync(source, original);
  }
  await page.waitForFunction((t) => document.body !== null && !document.body.innerText.includes(t), token, { timeout: 30000 });
});

await check("pages load nothing from elsewhere and raise no script error", async () => {
  assert(elsewhere.length === 0, `requests left the machine: ${elsewhere.join(", ")}`);
  assert(pageErrors.length === 0, `script errors: ${pageErrors.join("; ")}`);
});

await browser.close();
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

/**
 * What treasury staff do in a browser, in headless Debian chromium driven by playwright-core: open Swagger UI,
 * authorize with an API key, run "Try it out" on the stored stress test with the prefilled example and see 201; then
 * open the HTML annual report and see it rendered with its charts; sign in at /signin with a key and open the jobs
 * dashboard (/hangfire) with the cookie alone, which cannot write; sign in and open the annual report in a tab with the
 * cookie alone. Screenshots go to API_CHECKS_DIR.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Page } from "playwright-core";
import { check, env, near, run } from "./report.js";

const baseUrl = env("API_BASE");
const key = env("TREASURER_KEY", "dev-treasurer-key");
const out = env("API_CHECKS_DIR", tmpdir());
const executablePath = env("CHROMIUM", "/usr/bin/chromium");

async function swaggerUi(page: Page): Promise<void> {
  const response = await page.goto(`${baseUrl}/swagger/index.html`);
  check("Swagger UI opens without a key", response?.status() === 200, `${response?.status()}`);
  await page.locator(".information-container .title").waitFor();
  check("it shows the document's title", (await page.locator(".information-container .title").innerText()).includes("Finansforvaltning"), "no title");
  const tags = await page.locator(".opblock-tag-section h3 .nostyle span, .opblock-tag-section h3 a span").allInnerTexts();
  check("the features come in the treasury's order, Fund first", tags[0] === "Fund" && tags.includes("Stress test"), JSON.stringify(tags));

  // Authorize with the treasurer's key: the header X-Api-Key goes with every "Try it out".
  await page.locator(".auth-wrapper button.authorize").click();
  const dialog = page.locator(".dialog-ux .modal-ux");
  await dialog.locator("input[type=text], input[type=password]").first().fill(key);
  await dialog.locator("button.modal-btn.auth.authorize").click();
  check("the Authorize dialog accepts the key", await dialog.locator("button.modal-btn.auth", { hasText: "Logout" }).isVisible(), "no Logout button after authorizing");
  await dialog.locator("button.btn-done").click();

  // POST /api/stress-tests: expand, Try it out (already on by default), the example is prefilled, Execute.
  const operation = page.locator(".opblock.opblock-post", { has: page.locator('.opblock-summary-path[data-path="/api/stress-tests"]') });
  await operation.locator(".opblock-summary").click();
  const tryItOut = operation.locator("button.try-out__btn", { hasText: "Try it out" });
  if (await tryItOut.isVisible()) {
    await tryItOut.click();
  }
  const body = operation.locator("textarea.body-param__text");
  await body.waitFor();
  const example = await body.inputValue();
  check("the request body is prefilled with the example {\"asOf\":\"2025-12-31\"}", JSON.parse(example).asOf === "2025-12-31", example);
  await operation.locator("button.execute").click();
  const status = operation.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor({ timeout: 30_000 });
  const code = (await status.innerText()).trim();
  check("Execute on POST /api/stress-tests shows 201", code.startsWith("201"), `status shown: ${code}`);
  const shown = await operation.locator(".live-responses-table .response-col_description pre").first().innerText();
  let totalNok: unknown;
  try {
    totalNok = JSON.parse(shown).result.totalNok;
  } catch {
    totalNok = undefined;
  }
  check("the response shown is the stored stress test, 945.94 MNOK", near(totalNok as number, 945_940_000, 10_000), shown.slice(0, 300));
  await status.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(out, "swagger-stress-test-201.png"), fullPage: false });
}

async function htmlReport(page: Page): Promise<void> {
  const response = await page.goto(`${baseUrl}/api/reports/annual/2025?format=html`);
  check("GET /api/reports/annual/2025?format=html → 200 text/html", response?.status() === 200 && (response.headers()["content-type"] ?? "").startsWith("text/html"),
    `${response?.status()} ${response?.headers()["content-type"]}`);
  const charts = page.locator("svg");
  const count = await charts.count();
  check("the report has its SVG charts", count > 0, `${count} svg elements`);
  const box = count > 0 ? await charts.first().boundingBox() : null;
  check("the first chart is drawn with a size", box !== null && box.width > 100 && box.height > 50, JSON.stringify(box));
  const text = await page.locator("body").innerText();
  const risk = /Samlet beregnet risiko[^.]*?(\d[\d ,]*) millioner kroner/.exec(text);
  check("the report states the stress test's total risk, 946 MNOK", risk?.[1] === "946", risk?.[0] ?? "no sentence on the total risk (Samlet beregnet risiko)");
  await page.screenshot({ path: join(out, "annual-report-2025.png"), fullPage: true });
  if (count > 0) {
    await charts.first().screenshot({ path: join(out, "annual-report-2025-chart.png") });
  }
}

async function signInAndJobsDashboard(page: Page): Promise<void> {
  // Not signed in: the dashboard sends the browser to the sign-in page, which brings it back after the key.
  await page.goto(`${baseUrl}/hangfire`);
  check("/hangfire without a sign-in goes to /signin", new URL(page.url()).pathname === "/signin", page.url());
  await page.locator("input[name=key]").fill(key);
  await Promise.all([page.waitForURL(/\/hangfire/), page.locator("button[type=submit]", { hasText: "Logg inn" }).click()]);
  const cookie = (await page.context().cookies()).find((c) => c.name === "finance.signin");
  check("the sign-in cookie is HttpOnly and SameSite=Strict", cookie?.httpOnly === true && cookie?.sameSite === "Strict", JSON.stringify(cookie));
  const response = await page.goto(`${baseUrl}/hangfire/recurring`);
  check("GET /hangfire/recurring with the cookie → 200", response?.status() === 200, `${response?.status()}`);
  const text = await page.locator("body").innerText();
  check("the dashboard lists monthly-snapshot with its Norwegian description", text.includes("monthly-snapshot") && text.includes("Månedlig øyeblikksbilde"), text.slice(0, 300));
  check("a treasurer has the Trigger now button", await page.locator("button[data-url$='/recurring/trigger']").count() === 1, "no trigger button");
  await page.screenshot({ path: join(out, "jobs-dashboard.png"), fullPage: true });
  // The cookie reads, it never writes: the same browser's POST to the API without a key is refused.
  const write = await page.request.post(`${baseUrl}/api/snapshots/2025-11`);
  check("a write with the sign-in cookie alone → 401", write.status() === 401, `${write.status()}`);
}

async function signInAndReport(page: Page): Promise<void> {
  // A treasurer in a browser tab: sign in with the key, and the annual report opens with the cookie alone.
  const path = "/api/reports/annual/2025?format=html";
  const before = await page.goto(`${baseUrl}${path}`);
  check("the report without a sign-in is refused", before?.status() === 401, `${before?.status()}`);
  await page.goto(`${baseUrl}/signin?returnUrl=${encodeURIComponent(path)}`);
  await page.locator("input[name=key]").fill(key);
  await Promise.all([page.waitForURL(/\/api\/reports\/annual\/2025/), page.locator("button[type=submit]", { hasText: "Logg inn" }).click()]);
  const text = (await page.locator("body").innerText()).replace(/\u00a0/g, " ");
  check("signed in, the cookie alone opens Finansrapport 2025", text.includes("Finansrapport 2025") && text.includes("Tabell 4.2"), text.slice(0, 200));
  check("it has Tabell 1.1 (249,8 and 245,5) and the ESG chapter (2,2 °C, Science Based Targets 44 %)",
    text.includes("Tabell 1.1") && text.includes("249,8") && text.includes("245,5") && text.includes("2,2 °C") && text.includes("Science Based Targets") && text.includes("44 %"),
    "missing Tabell 1.1 or the ESG figures");
  check("it has the treasurer's commentary and no API path or unsupported «4,7 år»",
    text.includes("Kommunedirektørens vurdering") && !text.includes("/api/") && !text.includes("4,7 år"), "commentary missing or /api/ or 4,7 år present");
  await page.screenshot({ path: join(out, "annual-report-signed-in.png") });
}

await run("browser", async () => {
  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync"],
  });
  try {
    const staff = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await swaggerUi(await staff.newPage());
    // The report is fetched with the key as a header, as a reporting tool or a proxy in front of the browser would.
    const reader = await browser.newContext({ viewport: { width: 1200, height: 1000 }, extraHTTPHeaders: { "X-Api-Key": key } });
    await htmlReport(await reader.newPage());
    const signedIn = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
    await signInAndJobsDashboard(await signedIn.newPage());
    const tab = await browser.newContext({ viewport: { width: 1200, height: 1000 } });
    await signInAndReport(await tab.newPage());
  } finally {
    await browser.close();
  }
});

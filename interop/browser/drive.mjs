// Opens the test page in a real headless Chromium (Debian's, through playwright-core; nothing is
// downloaded) and reports what the page reports, one line per check:
//
//   node drive.mjs --url URL [--screenshot FILE] [--ca FILE.pem] [--timeout SECONDS]
//
//   ok <check> <detail>     a check the page passed
//   FAIL <check> <detail>   a check the page failed
//   FIGURE <name> <value>   a measurement (latency, throughput)
//   SKIP <reason>           Chromium cannot start here, or certutil is missing (exit code 77)
//
// Exit code 0 when every check passed, 1 otherwise, 77 when Chromium cannot start.
//
// --ca trusts a test certificate authority the way a user or an administrator would: it is added
// to a fresh NSS database (certutil, Debian package libnss3-tools) in a temporary HOME that
// Chromium reads on Linux. Certificate verification stays on: no --ignore-certificate-errors.
import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith("--") ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
if (!args.url) {
  console.error("usage: node drive.mjs --url URL [--screenshot FILE] [--ca FILE.pem] [--timeout SECONDS]");
  process.exit(2);
}
const timeoutMs = Number(args.timeout || 120) * 1000;
const executablePath = process.env.CHROMIUM || "/usr/bin/chromium";
const home = mkdtempSync(join(tmpdir(), "qtalk-chromium-"));

function trust(caPem) {
  const db = join(home, ".pki", "nssdb");
  mkdirSync(db, { recursive: true });
  execFileSync("certutil", ["-N", "-d", "sql:" + db, "--empty-password"]);
  execFileSync("certutil", ["-A", "-d", "sql:" + db, "-n", "qtalk test CA", "-t", "C,,", "-i", caPem]);
}

let browser;
let failed = false;
try {
  if (args.ca) {
    try {
      trust(args.ca);
    } catch (e) {
      const missing = e.code === "ENOENT";
      console.log((missing ? "SKIP certutil (Debian package libnss3-tools) is missing: " : "FAIL trust-ca ") +
        JSON.stringify(String(e.message || e).split("\n")[0]));
      rmSync(home, { recursive: true, force: true });
      process.exit(missing ? 77 : 1);
    }
  }
  try {
    browser = await chromium.launch({
      executablePath,
      headless: true,
      env: { ...process.env, HOME: home },
      args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
      timeout: 60_000,
    });
  } catch (e) {
    console.log("SKIP chromium cannot start (" + executablePath + "): " + String(e.message || e).split("\n")[0]);
    rmSync(home, { recursive: true, force: true });
    process.exit(77);
  }
  const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
  page.on("console", (m) => { if (m.type() === "error") console.error("page console: " + m.text()); });
  page.on("pageerror", (e) => console.error("page error: " + e));
  try {
    await page.goto(args.url, { timeout: 30_000 });
  } catch (e) {
    console.log("FAIL load " + JSON.stringify(String(e.message || e).split("\n")[0]));
    failed = true;
  }
  if (!failed) {
    try {
      await page.waitForFunction(() => window.qtalk && window.qtalk.done, null, { timeout: timeoutMs, polling: 100 });
    } catch (e) {
      console.log("FAIL page-finished " + JSON.stringify("the page did not finish within " + timeoutMs / 1000 + " s"));
      failed = true;
    }
    const report = await page.evaluate(() => window.qtalk || { checks: [], figures: {} });
    for (const c of report.checks) {
      if (c.name in report.figures) continue;
      console.log((c.ok ? "ok " : "FAIL ") + c.name + " " + JSON.stringify(c.detail));
      if (!c.ok) failed = true;
    }
    for (const [name, value] of Object.entries(report.figures)) console.log("FIGURE " + name + " " + value);
    if (!report.ok) failed = true;
  }
  if (args.screenshot) await page.screenshot({ path: args.screenshot, fullPage: true });
} finally {
  if (browser) await browser.close();
  rmSync(home, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

// Goal: the wallet bundle is what a browser should get: no Node module anywhere in it (the
// wallet imports the SDK's browser entry point, codec hashes with @noble/hashes), only relative
// URLs of this origin in its page, within a size budget (what the first load fetches, what is
// fetched only to draw or read a QR code, and what only to send abroad), and not rebuilt when
// nothing changed.
// The wallet's sources keep to that: no Node module, no Node entry point of the SDK, no crypto.
// Method: ensureWalletBuilt (a build only when the stamp is stale; the e2e tests share it), then
// the files in dist/ are read; the sources are scanned for forbidden imports.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile, readdir } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { WALLET_DIST_DIR, ensureWalletBuilt, walletBuildStale } from "./build-wallet.ts";
import { WALLET_ROOT } from "./vite-config.ts";

/** Compressed JavaScript a phone downloads on first load: preact, noble, the SDK, the views. */
const JS_GZIP_BYTES_MAX = 100 * 1024;

/**
 * Compressed JavaScript loaded only when needed: drawing a QR code (qrcode, on a shop's till)
 * and reading one from a picture or the camera without BarcodeDetector (jsQR).
 */
const LAZY_JS_GZIP_BYTES_MAX = 70 * 1024;

/**
 * Compressed JavaScript loaded when a person opens "Send abroad": the flow's views, and the
 * travel-rule sealing (X25519, HKDF, AES-GCM, the IVMS101 validator) the SDK loads on first use.
 */
const REMIT_JS_GZIP_BYTES_MAX = 20 * 1024;
const REMIT_CHUNK = /[/\\](?:remit-flow|travel-rule)-[A-Za-z0-9_-]+\.js$/;
/**
 * The SM travel-rule suite (@tongbao/travel-rule loads it on first use; the wallet seals with
 * X25519 only, so it is never fetched). Its library names Node's crypto as a fallback it takes
 * only where globalThis.crypto is missing — never in a browser — so its chunk alone may hold the
 * bundler's stub for it; it counts against no budget but must not be in the first load.
 */
const SM_CHUNK = /[/\\]sm-suite-impl-[A-Za-z0-9_-]+\.js$/;

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path)));
    else out.push(path);
  }
  return out;
}

test("the bundle holds no Node module, links only its own files, and fits the budget", async () => {
  const { outDir } = await ensureWalletBuilt();
  assert.equal(outDir, WALLET_DIST_DIR);
  assert.equal(await walletBuildStale(), false, "a fresh build is not stale");
  const files = await filesUnder(outDir);
  const scripts = files.filter((f) => f.endsWith(".js"));
  assert.ok(scripts.length >= 1 && files.some((f) => f.endsWith(".css")));
  const page = await readFile(join(outDir, "index.html"), "utf8");
  const firstLoad = new Set(
    [...page.matchAll(/(?:src|href)="\.\/(assets\/[^"]+\.js)"/g)].map(([, path]) =>
      join(outDir, path!),
    ),
  );
  assert.ok(firstLoad.size >= 1, "index.html loads the entry script");
  let gzipBytes = 0;
  let lazyGzipBytes = 0;
  let remitGzipBytes = 0;
  for (const file of scripts) {
    assert.match(
      file,
      /[/\\]assets[/\\][^/\\]+-[A-Za-z0-9_-]{6,}\.js$/,
      "hashed name under assets/",
    );
    const code = await readFile(file, "utf8");
    assert.doesNotMatch(code, /["']node:[a-z_/]+["']/, `${file}: a node: import`);
    if (!SM_CHUNK.test(file)) {
      assert.doesNotMatch(code, /__vite-browser-external/, `${file}: a Node module stubbed out`);
    }
    assert.doesNotMatch(code, /require\(["'](?:crypto|fs|ws|worker_threads)["']\)/, file);
    if (SM_CHUNK.test(file))
      assert.ok(!firstLoad.has(file), "the SM suite is not in the first load");
    else if (firstLoad.has(file)) gzipBytes += gzipSync(code).length;
    else if (REMIT_CHUNK.test(file)) remitGzipBytes += gzipSync(code).length;
    else lazyGzipBytes += gzipSync(code).length;
  }
  assert.ok(gzipBytes <= JS_GZIP_BYTES_MAX, `first-load JavaScript is ${gzipBytes} bytes gzipped`);
  assert.ok(
    lazyGzipBytes <= LAZY_JS_GZIP_BYTES_MAX,
    `JavaScript loaded on demand is ${lazyGzipBytes} bytes gzipped`,
  );
  assert.ok(remitGzipBytes > 0, "sending abroad is loaded on demand");
  assert.ok(
    remitGzipBytes <= REMIT_JS_GZIP_BYTES_MAX,
    `JavaScript loaded for sending abroad is ${remitGzipBytes} bytes gzipped`,
  );
  for (const [, url] of page.matchAll(/(?:src|href)="([^"]+)"/g)) {
    assert.match(url!, /^\.\/[^:]+$/, `index.html links ${url}: only relative URLs of this origin`);
  }
});

test("the wallet's sources import no Node module, no Node entry point and no crypto package", async () => {
  const sources = (await filesUnder(join(WALLET_ROOT, "src"))).filter(
    (f) => /\.tsx?$/.test(f) && !f.endsWith(".test.ts"),
  );
  assert.ok(sources.length > 20);
  for (const file of sources) {
    const text = await readFile(file, "utf8");
    for (const [, specifier] of text.matchAll(/from\s+"([^"]+)"/g)) {
      assert.doesNotMatch(
        specifier!,
        /^node:|^ws$|^@tongbao\/(?:crypto|node|storage|consensus|mempool|cli)(?:\/|$)/,
        `${file} imports ${specifier}`,
      );
      assert.notEqual(specifier, "@tongbao/client", `${file}: import @tongbao/client/browser`);
      assert.notEqual(specifier, "@tongbao/api/server", `${file}: the server is not for browsers`);
    }
  }
});

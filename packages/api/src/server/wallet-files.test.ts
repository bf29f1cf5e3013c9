// Goal: the gateway serves the wallet's build as a web server should: index.html for /wallet/,
// / and /wallet redirected there, correct content types, hashed assets cached for a year and
// the page revalidated, a same-origin Content-Security-Policy on pages, and nothing outside the
// build — no traversal however encoded, no dot files — with misses in the API's error envelope.
// Method: a temporary build directory beside a file that must stay private; requests injected
// into a server created with `wallet: { root }`; error answers checked by the API's contract.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createApiServer } from "./index.ts";
import { WALLET_CONTENT_SECURITY_POLICY } from "./wallet-files.ts";
import { TestChain } from "../../test/chain.ts";
import { checkAnswer } from "../../test/contract.ts";

async function build() {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-wallet-files-"));
  const root = join(dir, "dist");
  await mkdir(join(root, "assets"), { recursive: true });
  await writeFile(join(root, "index.html"), "<!doctype html><title>wallet</title>");
  await writeFile(join(root, "assets", "index-Bx1f3a.js"), "console.log(1)");
  await writeFile(join(root, "assets", "index-9c2e.css"), "body{}");
  await writeFile(join(root, "favicon.svg"), "<svg xmlns='http://www.w3.org/2000/svg'/>");
  await writeFile(join(root, ".env"), "SECRET=1");
  await writeFile(join(dir, "private.txt"), "outside the build");
  return { dir, root };
}

test("serves the build with its types, caching and CSP; redirects / and /wallet", async (t) => {
  const { dir, root } = await build();
  const app = await createApiServer({ services: new TestChain().services, wallet: { root } });
  t.after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });

  const home = await app.inject({ url: "/" });
  assert.equal(home.statusCode, 302);
  assert.equal(home.headers.location, "/wallet/");
  const bare = await app.inject({ url: "/wallet" });
  assert.equal(bare.statusCode, 301);
  assert.equal(bare.headers.location, "/wallet/");

  const page = await app.inject({ url: "/wallet/" });
  assert.equal(page.statusCode, 200);
  assert.match(String(page.headers["content-type"]), /^text\/html/);
  assert.equal(page.headers["cache-control"], "no-cache");
  assert.equal(page.headers["content-security-policy"], WALLET_CONTENT_SECURITY_POLICY);
  assert.equal(page.headers["x-content-type-options"], "nosniff");
  assert.ok(page.headers.etag !== undefined);
  const again = await app.inject({
    url: "/wallet/index.html",
    headers: { "if-none-match": String(page.headers.etag) },
  });
  assert.equal(again.statusCode, 304);

  const script = await app.inject({ url: "/wallet/assets/index-Bx1f3a.js" });
  assert.equal(script.statusCode, 200);
  assert.match(String(script.headers["content-type"]), /^(text|application)\/javascript/);
  assert.equal(script.headers["cache-control"], "public, max-age=31536000, immutable");
  const style = await app.inject({ url: "/wallet/assets/index-9c2e.css" });
  assert.match(String(style.headers["content-type"]), /^text\/css/);
  const icon = await app.inject({ url: "/wallet/favicon.svg" });
  assert.match(String(icon.headers["content-type"]), /^image\/svg\+xml/);
  assert.equal(icon.headers["cache-control"], "public, max-age=300");

  // The API is still there beside it.
  assert.equal((await app.inject({ url: "/healthz" })).statusCode, 200);
});

test("nothing outside the build, no dot files; misses are the API's 404 envelope", async (t) => {
  const { dir, root } = await build();
  const app = await createApiServer({ services: new TestChain().services, wallet: { root } });
  t.after(async () => {
    await app.close();
    await rm(dir, { recursive: true, force: true });
  });
  const probes = [
    "/wallet/../private.txt",
    "/wallet/..%2fprivate.txt",
    "/wallet/%2e%2e/private.txt",
    "/wallet/%2e%2e%2fprivate.txt",
    "/wallet/assets/..%2f..%2fprivate.txt",
    "/wallet/..%5cprivate.txt",
    "/wallet//../private.txt",
    "/wallet/.env",
    "/wallet/%2eenv",
    "/wallet/missing.js",
    "/wallet/assets/",
  ];
  for (const url of probes) {
    const answer = await app.inject({ url });
    assert.ok(answer.statusCode >= 400 && answer.statusCode < 500, `${url}: ${answer.statusCode}`);
    assert.doesNotMatch(answer.body, /outside the build|SECRET/, url);
    checkAnswer("GET", url, answer.statusCode, answer.headers, answer.body);
  }
});

test("a wallet root without a build is refused when the server is created", async (t) => {
  const dir = await mkdtemp(join(tmpdir(), "tongbao-wallet-files-"));
  t.after(() => rm(dir, { recursive: true, force: true }));
  await assert.rejects(
    createApiServer({ services: new TestChain().services, wallet: { root: dir } }),
    /holds no index\.html: build the wallet first/,
  );
  await assert.rejects(
    createApiServer({ services: new TestChain().services, wallet: { root: "dist" } }),
    /absolute directory/,
  );
});

/**
 * The web wallet's built files, served at /wallet/ by the gateway that hosts it, so the wallet
 * talks to the API of the origin it came from and nothing else. `/` redirects there.
 *
 * @fastify/static resolves every path inside `root` (no `..`, no encoded separators, no dot
 * files) and answers anything else through the API's not-found handler, in the error envelope.
 *
 * Caching follows the build's layout: files under assets/ carry a content hash in their names
 * and never change (a year, immutable); index.html names the current ones, so browsers
 * revalidate it every time (no-cache, with its ETag) and a rebuilt wallet is seen at once.
 * Pages carry a Content-Security-Policy that allows only this origin — scripts, styles, fetch
 * and WebSocket — so an injected script could not send a key anywhere.
 */
import { stat } from "node:fs/promises";
import { isAbsolute, join } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

export const WALLET_PREFIX = "/wallet/";

/** Hashed build outputs: their names change whenever their content does. */
const IMMUTABLE_MAX_AGE_S = 365 * 24 * 60 * 60;
/** Anything else that is not a page (favicon, manifest): short, so a rebuild shows soon. */
const OTHER_MAX_AGE_S = 5 * 60;

/**
 * Same origin only. `'self'` covers ws: and wss: to this host in current browsers (CSP 3).
 * Images may be data: or blob: URLs, which is how QR codes are drawn.
 */
export const WALLET_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

export interface WalletFilesOptions {
  /** The wallet's build directory (vite's outDir), holding index.html and assets/. */
  readonly root: string;
}

function setHeaders(reply: FastifyReply, path: string): void {
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "no-referrer");
  if (path.endsWith(".html")) {
    reply.header("cache-control", "no-cache");
    reply.header("content-security-policy", WALLET_CONTENT_SECURITY_POLICY);
    reply.header("x-frame-options", "DENY");
  } else if (/[/\\]assets[/\\][^/\\]+$/.test(path)) {
    reply.header("cache-control", `public, max-age=${IMMUTABLE_MAX_AGE_S}, immutable`);
  } else {
    reply.header("cache-control", `public, max-age=${OTHER_MAX_AGE_S}`);
  }
}

/** Throws a RangeError unless `root` is an absolute directory holding index.html. */
export async function checkWalletRoot(root: string): Promise<void> {
  if (typeof root !== "string" || !isAbsolute(root)) {
    throw new RangeError(`wallet root: expected an absolute directory, got ${String(root)}`);
  }
  const index = await stat(join(root, "index.html")).catch(() => undefined);
  if (index === undefined || !index.isFile()) {
    throw new RangeError(
      `wallet root ${root} holds no index.html: build the wallet first (npm run build -w @tongbao/wallet)`,
    );
  }
}

/**
 * Registers the wallet's files under /wallet/ and the redirect of / to it, behind `onRequest`
 * (the server's rate limit: a page load is a handful of requests, a flood is refused).
 */
export async function registerWalletFiles(
  app: FastifyInstance,
  options: WalletFilesOptions,
  onRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>,
): Promise<void> {
  await checkWalletRoot(options.root);
  await app.register(async (files) => {
    files.addHook("onRequest", onRequest);
    await registerFiles(files, options);
  });
}

async function registerFiles(app: FastifyInstance, options: WalletFilesOptions): Promise<void> {
  await app.register(fastifyStatic, {
    root: options.root,
    // Without the slash, so that /wallet redirects to /wallet/ (and the page's relative asset
    // URLs resolve under it); the plugin adds the slash to the routes it registers.
    prefix: WALLET_PREFIX.slice(0, -1),
    index: "index.html",
    redirect: true,
    decorateReply: false,
    dotfiles: "deny",
    serveDotFiles: false,
    // Cache-Control is ours (setHeaders); ETag and Last-Modified make revalidation cheap.
    cacheControl: false,
    etag: true,
    lastModified: true,
    setHeaders,
  });
  app.get("/", { schema: { hide: true } }, async (_request, reply) =>
    reply.redirect(WALLET_PREFIX, 302),
  );
}

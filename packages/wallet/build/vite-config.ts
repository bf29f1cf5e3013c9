/**
 * The wallet's vite configuration, in one place for the programmatic build (build-wallet.ts)
 * and the dev server (vite.config.ts).
 *
 * - `base: "./"`: asset URLs are relative to index.html, so the build works under any mount
 *   point; the gateway serves it at /wallet/.
 * - JSX is compiled by esbuild for preact (no Babel, no React).
 * - vite resolves the `browser` condition, which picks @tongbao/codec's @noble/hashes SHA-256;
 *   the wallet imports
 *   @tongbao/client/browser, so no Node module can enter the bundle (build-wallet.test.ts checks).
 * - No source maps in the served build: they would double the bytes for no user's benefit.
 */
import { fileURLToPath } from "node:url";
import type { InlineConfig } from "vite";

/** packages/wallet, absolute. */
export const WALLET_ROOT = fileURLToPath(new URL("..", import.meta.url));

export function walletViteConfig(options: { outDir?: string } = {}): InlineConfig {
  return {
    configFile: false,
    root: WALLET_ROOT,
    base: "./",
    publicDir: "public",
    // Nothing from the environment is compiled in: the wallet reads all it needs from its gateway.
    envPrefix: "TONGBAO_WALLET_PUBLIC_",
    esbuild: { jsx: "automatic", jsxImportSource: "preact" },
    build: {
      outDir: options.outDir ?? "dist",
      emptyOutDir: true,
      sourcemap: false,
      // Hashed names under assets/: the gateway caches them as immutable.
      assetsDir: "assets",
      reportCompressedSize: false,
    },
  };
}

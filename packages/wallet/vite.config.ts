/**
 * `npm run dev -w @tongbao/wallet`: the wallet with hot reload, its API calls proxied to a
 * gateway (TONGBAO_API, default the first validator of a running `npm start`), so the page and
 * the API share an origin as they do when the gateway serves the build.
 */
import { readFileSync } from "node:fs";
import { defineConfig } from "vite";
import { walletViteConfig } from "./build/vite-config.ts";

function gatewayUrl(): string {
  if (process.env["TONGBAO_API"] !== undefined) return process.env["TONGBAO_API"];
  try {
    const marker = JSON.parse(
      readFileSync(new URL("../../.devnet/devnet.json", import.meta.url), "utf8"),
    ) as { api?: string };
    if (marker.api !== undefined) return marker.api;
  } catch {
    // No devnet recorded: fall through.
  }
  return "http://127.0.0.1:8080";
}

export default defineConfig(() => {
  const target = gatewayUrl();
  const { configFile: _ignored, ...config } = walletViteConfig();
  return {
    ...config,
    server: {
      host: "127.0.0.1",
      proxy: { "/v1": { target, ws: true, changeOrigin: false } },
    },
  };
});

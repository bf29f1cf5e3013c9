/**
 * `npm run build -w @tongbao/wallet` (add `-- --if-stale` to skip an up-to-date build): builds
 * the wallet into packages/wallet/dist and lists what it wrote.
 */
import { buildWallet, walletBuildStale, WALLET_DIST_DIR } from "./build-wallet.ts";

if (process.argv.includes("--if-stale") && !(await walletBuildStale())) {
  console.log(`The wallet in ${WALLET_DIST_DIR} is up to date.`);
} else {
  const built = await buildWallet();
  for (const { file, bytes } of built.files) {
    console.log(`  ${file.padEnd(40)} ${(bytes / 1024).toFixed(1).padStart(8)} KiB`);
  }
  console.log(`Built the wallet in ${Math.round(built.durationMs)} ms: ${built.outDir}`);
}

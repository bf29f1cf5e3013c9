/**
 * `npm start`: the main job. Until the node and the devnet exist it says what is built and how
 * to try it, and exits cleanly.
 */
const lines = [
  "Tongbao — a permissioned payments ledger run by a consortium of banks.",
  "",
  "The devnet (four validator processes, a gateway and the wallet) is not built yet.",
  "What exists today is the deterministic ledger core. Try:",
  "  npm test                 every package's tests",
  "  npm run bench:ledger     apply blocks of transfers and report transfers per second",
  "  npm run bench:codec      the canonical codec against alternatives",
];
process.stdout.write(lines.join("\n") + "\n");

// Runs every test file in the workspace with node's test runner, TypeScript loaded by tsx.
// Node 20's runner takes no glob patterns, so the files are listed here. Pass a package name
// (e.g. `npm test -- ledger`) to run one package's tests only.
import { readdirSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const only = process.argv.slice(2);
const files = [];

function walk(dir) {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist" || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith(".test.ts")) files.push(relative(root, path));
  }
}

for (const pkg of readdirSync(join(root, "packages")).sort()) {
  if (only.length > 0 && !only.includes(pkg)) continue;
  walk(join(root, "packages", pkg));
}
if (only.length === 0) {
  try {
    walk(join(root, "e2e"));
  } catch {
    // No end-to-end tests yet.
  }
}
files.sort();

if (files.length === 0) {
  console.error(`no test files found${only.length ? ` for ${only.join(", ")}` : ""}`);
  process.exit(1);
}

// One test file per core: the runner's default leaves one core idle, and the simulator's swarm
// is CPU-bound for about two minutes.
const result = spawnSync(
  process.execPath,
  [
    "--import",
    "tsx",
    "--test",
    `--test-concurrency=${availableParallelism()}`,
    "--test-reporter=spec",
    ...files,
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(result.status ?? 1);

// Goal: the LMDB backend passes the storage suite and the consensus safety-rules suite, so it
// can stand in for the in-memory twins in a real node.
// Method: each backend is a fresh directory under os.tmpdir(), opened, closed and reopened by the
// suites; the safety suite's "restart" opens a second handle on the same directory. Every
// directory is closed and removed afterwards.
import { after, describe } from "node:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { safetySuite } from "@tongbao/consensus/safety-suite";
import { IDENTITY } from "../test/blocks.ts";
import { LmdbKv, LmdbSafetyStore, openStorage } from "./index.ts";
import { storageSuite } from "./storage.suite.ts";

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "tongbao-storage-"));
}

storageSuite("lmdb", async () => {
  const dir = tempDir();
  return {
    open: (identity = IDENTITY) => openStorage({ dir, ...identity }),
    tamper: async (change) => {
      const kv = new LmdbKv(dir);
      try {
        change(kv);
      } finally {
        await kv.close();
      }
    },
    dispose: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

describe("LmdbSafetyStore", () => {
  const handles: LmdbKv[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const kv of handles) await kv.close();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  safetySuite("lmdb", () => {
    const dir = tempDir();
    dirs.push(dir);
    return {
      open() {
        const kv = new LmdbKv(dir);
        handles.push(kv);
        return new LmdbSafetyStore(kv);
      },
    };
  });
});

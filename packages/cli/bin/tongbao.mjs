#!/usr/bin/env node
// The `tongbao` command. The sources are TypeScript, run through tsx's loader (no build step).
import { register } from "tsx/esm/api";

register();
const { main } = await import("../src/main.ts");
await main(process.argv);

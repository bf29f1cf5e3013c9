// Replays the fixed history of replay-history.ts and prints one JSON line per height:
// {"height":1,"stateRoot":"…","receiptsRoot":"…"}. Run: node --import tsx packages/ledger/test/replay.ts
import { replayHistory } from "./replay-history.ts";

for (const line of replayHistory()) process.stdout.write(`${JSON.stringify(line)}\n`);

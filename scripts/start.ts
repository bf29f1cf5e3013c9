/**
 * `npm start`: the main job — a four-bank consortium on this machine (`tongbao devnet
 * --validators 4`). Extra arguments pass through, e.g. `npm start -- --reset` or `-- --json`.
 */
import { main } from "@tongbao/cli";

await main([process.argv[0]!, "tongbao", "devnet", "--validators", "4", ...process.argv.slice(2)]);

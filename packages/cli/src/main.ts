/**
 * The `tongbao` command line. Each subcommand is a function of its own module; this file only
 * parses arguments (commander) and turns CliErrors into one line on stderr and exit code 1.
 */
import { Command, InvalidArgumentError } from "commander";
import type { ClientCommandOptions } from "./client-commands.ts";
import { CliError } from "./errors.ts";
import type { QrDecodeOptions } from "./qr-decode.ts";
import type { QrEncodeOptions } from "./qr-encode.ts";
import { resolve } from "node:path";
import { BASE_PORT_DEFAULT, DEVNET_VALIDATORS_MAX, VALIDATORS_DEFAULT } from "./devnet/defaults.ts";

// Each command's module is imported when that command runs: the node, storage and wallet build
// behind `devnet` would otherwise load (through tsx) for every `tongbao qr decode` or `pay`.
const clientCommands = () => import("./client-commands.ts");
const keyCommands = () => import("./keys.ts");
const network = () => import("./network.ts");
const remitCommands = () => import("./remit-commands.ts");

function integer(min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected an integer from ${min} to ${max}`);
    }
    return n;
  };
}

function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function program(): Command {
  const root = new Command("tongbao")
    .description("Tongbao: a permissioned payments ledger run by a consortium of banks")
    .showHelpAfterError();

  const keys = root.command("keys").description("create and inspect key files");
  keys
    .command("new")
    .description("generate a key pair and save it as a key file (mode 0600)")
    .option("--out <file>", "where to save the key file")
    .option("--type <type>", "ed25519 or p256", "ed25519")
    .action(async (options: { out?: string; type: string }) =>
      printJson(await (await keyCommands()).keysNew(options)),
    );
  keys
    .command("show")
    .description("print a key file's type, public key and account id (never the private key)")
    .argument("<file>", "a key file")
    .action(async (file: string) => printJson(await (await keyCommands()).keysShow(file)));

  root
    .command("genesis")
    .description("create a network")
    .command("init")
    .description(
      "generate keys, genesis.json and one node config per validator from a network config",
    )
    .requiredOption(
      "--config <file>",
      "network config: institutions, currencies, validators, accounts",
    )
    .requiredOption("--out <dir>", "an empty or missing directory to write the network to")
    .action(async (options: { config: string; out: string }) => {
      const { readNetworkConfig, relativeTo, writeNetwork } = await network();
      const written = await writeNetwork(await readNetworkConfig(options.config), options.out);
      printJson({
        chainId: written.genesis.chainId,
        genesis: relativeTo(process.cwd(), written.genesisPath),
        nodes: written.nodes.map((n) => ({
          name: n.name,
          start: `tongbao node start --config ${relativeTo(process.cwd(), n.configPath)}`,
        })),
        accounts: written.accounts.map((a) => ({
          name: a.name,
          accountId: a.accountId,
          keyFile: a.keyFile,
        })),
      });
    });

  root
    .command("node")
    .description("run a validator or an observer node")
    .command("start")
    .description("run one node (a validator, or an observer) until SIGTERM or Ctrl-C")
    .requiredOption("--config <file>", "the node config (node.json) written by genesis init")
    .option(
      "--status-ms <ms>",
      "print a JSON status line this often (0: never)",
      integer(0, 3_600_000),
      0,
    )
    .option(
      "--api <host:port>",
      "serve the public API here (overrides the config's api section; port 0: any free port)",
    )
    .option(
      "--institution-key <file>",
      "run the institution desk with this key file of the node's institution (overrides the config's institution section)",
    )
    .option(
      "--demo-funds <money>",
      'with --institution-key: credit each new account, e.g. "1000.00 HKD" (development networks only)',
    )
    .option(
      "--merchants <file>",
      "with --institution-key: the institution's merchant register (JSON, created when missing)",
    )
    .option(
      "--wallet <dir>",
      "serve this web wallet build at /wallet/ (overrides the config's wallet)",
    )
    .action(
      async (options: {
        config: string;
        statusMs: number;
        api?: string;
        institutionKey?: string;
        demoFunds?: string;
        merchants?: string;
        wallet?: string;
      }) => {
        if (options.demoFunds !== undefined && options.institutionKey === undefined) {
          throw new CliError(
            "--demo-funds needs --institution-key: only an institution funds accounts",
          );
        }
        if (options.merchants !== undefined && options.institutionKey === undefined) {
          throw new CliError(
            "--merchants needs --institution-key: the register is the institution's",
          );
        }
        const { parseApiAddress, parseDemoFunds } = await network();
        const { runNode } = await import("./node-start.ts");
        await runNode(options.config, {
          statusMs: options.statusMs,
          ...(options.api === undefined ? {} : { api: parseApiAddress(options.api) }),
          ...(options.institutionKey === undefined
            ? {}
            : {
                institution: {
                  keyFile: resolve(options.institutionKey),
                  ...(options.demoFunds === undefined
                    ? {}
                    : { demoFunds: parseDemoFunds(options.demoFunds) }),
                  ...(options.merchants === undefined
                    ? {}
                    : { merchantsFile: resolve(options.merchants) }),
                },
              }),
          ...(options.wallet === undefined ? {} : { walletDir: resolve(options.wallet) }),
        });
      },
    );

  root
    .command("devnet")
    .description(
      "create (or resume) a local consortium and run one process per validator, and one for the regulator's observer node",
    )
    .option(
      "--validators <n>",
      `validators to run (1–${DEVNET_VALIDATORS_MAX})`,
      integer(1, DEVNET_VALIDATORS_MAX),
      VALIDATORS_DEFAULT,
    )
    .option("--dir <dir>", "where the network lives", ".devnet")
    .option(
      "--base-port <port>",
      "validators listen on base+1 … base+N, the regulator's observer node on base",
      integer(1024, 65000),
      BASE_PORT_DEFAULT,
    )
    .option("--reset", "delete the devnet in --dir first and create a new one", false)
    .option("--json", "print one JSON object per line instead of text", false)
    .option("--no-wallet", "neither build nor serve the web wallet, and run no institution desks")
    .option("--no-observer", "run no observer node for the regulator")
    .action(
      async (options: {
        validators: number;
        dir: string;
        basePort: number;
        reset: boolean;
        json: boolean;
        wallet: boolean;
        observer: boolean;
      }) => {
        const { runDevnet } = await import("./devnet/devnet.ts");
        await runDevnet(options);
      },
    );
  const withApi = (command: Command) =>
    command
      .option(
        "--api <url>",
        "the gateway's URL (default: the running devnet's, from DIR/devnet.json)",
      )
      .option("--dir <dir>", "the devnet directory: account names, keys, the API URL", ".devnet")
      .option("--json", "print one JSON object instead of text", false);

  withApi(
    root
      .command("status")
      .description("the chain's height, validators and mempool, from a gateway"),
  ).action(async (options: ClientCommandOptions) =>
    (await clientCommands()).statusCommand(options),
  );

  withApi(
    root
      .command("account")
      .description("read accounts")
      .command("show")
      .description("an account's balances (ID, or a demo account's name such as alice)")
      .argument("<account>", "account id or demo account name"),
  ).action(async (account: string, options: ClientCommandOptions) =>
    (await clientCommands()).accountShowCommand(account, options),
  );

  withApi(
    root
      .command("pay")
      .description(
        "sign a transfer, submit it and wait until it is final; prints the receipt. With --qr, pay a shop's QR code: FROM --qr PAYLOAD [AMOUNT]",
      )
      .argument("<from>", "payer: a demo account name (its key is in DIR/keys) or a key file")
      .argument("[to]", "payee: a demo account name or an account id (with --qr: the amount)")
      .argument("[amount]", 'a decimal amount, e.g. "12.50"')
      .argument("[currency]", "e.g. HKD")
      .option("--reference <hex>", "a payment reference (64 hex digits) the payee can look up")
      .option(
        "--qr <payload>",
        "pay a Tongbao merchant code: verified against its institution's key, paid with its reference (give the amount only for a counter code)",
      ),
  ).action(
    async (
      from: string,
      to: string | undefined,
      amount: string | undefined,
      currency: string | undefined,
      options: ClientCommandOptions & { reference?: string; qr?: string },
    ) => {
      if (options.qr !== undefined) {
        if (amount !== undefined || options.reference !== undefined) {
          throw new CliError(
            "with --qr the code names the payee, currency and reference: give at most an amount (for a counter code), e.g. tongbao pay alice --qr CODE 12.50",
          );
        }
        return (await clientCommands()).payQrCommand(from, options.qr, to, options);
      }
      if (to === undefined || amount === undefined || currency === undefined) {
        throw new CliError(
          "pay needs FROM TO AMOUNT CURRENCY, e.g. tongbao pay alice tea-house 12.50 HKD (or FROM --qr CODE)",
        );
      }
      return (await clientCommands()).payCommand(from, to, amount, currency, options);
    },
  );

  withApi(
    root
      .command("tx")
      .description("read transactions")
      .command("show")
      .description("a transaction's result and block")
      .argument("<hash>", "the transaction hash"),
  ).action(async (hash: string, options: ClientCommandOptions) =>
    (await clientCommands()).txShowCommand(hash, options),
  );

  withApi(
    root
      .command("block")
      .description("read blocks")
      .command("show")
      .description("a committed block and its transactions")
      .argument("<height>", 'a height, or "latest"'),
  ).action(async (height: string, options: ClientCommandOptions) =>
    (await clientCommands()).blockShowCommand(height, options),
  );

  withApi(
    root
      .command("travel-rule")
      .description("travel-rule data sent with payments")
      .command("read")
      .description(
        "the travel-rule data under HASH, decrypted by a devnet node's institution (its operator token)",
      )
      .argument("<hash>", "the travel-rule hash the payment carries")
      .option("--node <name>", "the devnet node whose institution reads it (default: the first)"),
  ).action(async (hash: string, options: ClientCommandOptions & { node?: string }) =>
    (await clientCommands()).travelRuleReadCommand(hash, options),
  );

  const offer = root
    .command("offer")
    .description("a liquidity provider's FX offers: what remittances convert at");
  withApi(
    offer
      .command("post")
      .description(
        "post an offer, signed by the provider institution's key; posting an existing --id replaces it",
      )
      .requiredOption(
        "--provider <name>",
        "the provider: a devnet institution (fx-bank) or a key file",
      )
      .requiredOption("--buy <ccy>", "what the provider receives: the sender's currency, e.g. HKD")
      .requiredOption("--sell <ccy>", "what it pays out: the recipient's currency, e.g. PHP")
      .requiredOption("--rate <rate>", "units of --sell paid per unit of --buy, e.g. 7.164")
      .option("--min <amount>", "smallest payment, in --buy", "10")
      .option("--max <amount>", "largest payment, in --buy", "50000")
      .option("--spread-bps <bps>", "declared margin over mid-market shown to customers", "0")
      .option("--expires-in <duration>", "e.g. 12h, 7d; at most 30d", "7d")
      .option("--id <hex>", "the offer's id (32 hex); default: a new one"),
  ).action(async (options) => (await remitCommands()).offerPostCommand(options));
  withApi(
    offer
      .command("list")
      .description("live offers, best rate first, with each provider's liquidity")
      .option("--buy <ccy>", "only offers for senders of this currency")
      .option("--sell <ccy>", "only offers paying out this currency"),
  ).action(async (options) => (await remitCommands()).offerListCommand(options));
  withApi(
    offer
      .command("withdraw")
      .description("withdraw an offer (firm quotes already held keep their terms)")
      .argument("<id>", "the offer id, as `offer list` shows it")
      .option(
        "--provider <name>",
        "whose offer: a devnet institution or a key file (default: found from the id)",
      ),
  ).action(async (id: string, options) =>
    (await remitCommands()).offerWithdrawCommand(id, options),
  );

  withApi(
    root
      .command("quote")
      .description(
        "what sending money abroad costs and delivers: rate, fee, spread, what arrives; firm (held) with --payer",
      )
      .argument("<from-ccy>", "the send currency, e.g. HKD")
      .argument("<to-ccy>", "the receive currency, e.g. PHP")
      .option("--send <amount>", "what the payer sends, in FROM_CCY")
      .option("--receive <amount>", "what should arrive, in TO_CCY")
      .option(
        "--payer <name>",
        "the paying account: its institution's gateway holds a firm quote for 60 s",
      ),
  ).action(async (from: string, to: string, options) =>
    (await remitCommands()).quoteCommand(from, to, options),
  );

  withApi(
    root
      .command("remit")
      .description(
        "send money abroad: a firm quote from the sender's institution, travel-rule data sealed to the institutions and the regulator, then one payment with both legs",
      )
      .argument("<from>", "the sender: a devnet account name or a key file")
      .argument("<to>", "the recipient: a devnet account name or an account id")
      .argument("<amount>", 'what the sender sends, e.g. "1000"')
      .argument("<currency>", "the send currency, e.g. HKD")
      .option("--to-currency <ccy>", "what the recipient receives, e.g. PHP (required)")
      .option(
        "--worst-rate <rate>",
        "refuse a rate below this (units of --to-currency per unit sent), e.g. 7.0; default: the quoted one",
      )
      .option("--no-quote", "hold no firm quote: take the best offer at its rate now")
      .option(
        "--sender-name <name>",
        "the sender's legal name for the travel rule (default: the devnet profile)",
      )
      .option(
        "--recipient-name <name>",
        "the recipient's legal name (default: the devnet profile)",
      ),
  ).action(async (from: string, to: string, amount: string, currency: string, options) =>
    (await remitCommands()).remitCommand(from, to, amount, currency, options),
  );

  withApi(
    root
      .command("sanction")
      .description(
        "sanction an account (it can neither send nor receive), signed by the regulator's institution key",
      )
      .argument("<account>", "a devnet account name or an account id")
      .option("--lift", "lift the sanction instead", false)
      .option(
        "--regulator <name>",
        "the regulator: a devnet institution or a key file (default: the devnet's)",
      ),
  ).action(async (account: string, options) =>
    (await remitCommands()).sanctionCommand(account, options),
  );

  withApi(
    root
      .command("iso20022")
      .description("a settled remittance as an ISO 20022 message (XML on stdout, or --out FILE)")
      .argument("<tx-hash>", "the remit transaction's hash")
      .option(
        "--type <type>",
        "pacs.008 (the settled payment) or pain.001 (the customer's order)",
        "pacs.008",
      )
      .option("--out <file>", "write the XML here"),
  ).action(async (hash: string, options) => (await remitCommands()).iso20022Command(hash, options));

  const qr = root
    .command("qr")
    .description("EMV QR payment codes: decode any, make Tongbao merchant codes");
  qr.command("decode")
    .description(
      "decode an EMV QR payload, merchant- or consumer-presented (hQVDUFY…); exit 1 when invalid",
    )
    .argument("<payload>", "the text of the QR code")
    .option("--strict", "refuse every departure from the EMV specification (MPM)", false)
    .option("--json", "print one JSON line, also when the payload is invalid", false)
    .option(
      "--institution-key <key>",
      "verify a Tongbao code's signature: the institution's public key (hex), key file or devnet name",
    )
    .option("--chain-id <id>", "the network a Tongbao code is signed for (default: the devnet's)")
    .option("--dir <dir>", "the devnet directory: institution names, the chain id", ".devnet")
    .action(async (payload: string, options: QrDecodeOptions) =>
      (await import("./qr-decode.ts")).qrDecodeCommand(payload, options),
    );
  qr.command("encode")
    .description(
      "make a Tongbao merchant code (static; dynamic with --amount); prints the payload, draws it with --out",
    )
    .requiredOption("--account <account>", "the merchant's account id, or a devnet account's name")
    .requiredOption("--name <name>", "merchant name (at most 25 characters)")
    .requiredOption("--city <city>", "merchant city (at most 15 characters)")
    .requiredOption("--currency <code>", "e.g. HKD")
    .option("--mcc <mcc>", "merchant category code (ISO 18245)", "5999")
    .option("--country <code>", "ISO 3166-1 alpha-2 (default: the currency's country)")
    .option("--postal-code <code>", "at most 10 characters")
    .option("--name-alt <name>", "the name in another language, with --language (e.g. 茶館)")
    .option("--city-alt <city>", "the city in that language")
    .option("--language <code>", "ISO 639-1 of --name-alt, e.g. ZH")
    .option("--amount <amount>", 'a dynamic code for one sale, e.g. "12.50"')
    .option("--reference <reference>", "dynamic: the one-time reference (default: a random one)")
    .option("--expires-in <duration>", "dynamic: e.g. 90s, 15m, 2h; at most 24h (default 15m)")
    .option("--institution <id>", "the payee's institution (default: the devnet account's)")
    .option("--chain-id <id>", "the network the signature is for (default: the devnet's)")
    .option("--sign-with <key>", "sign as the institution: a key file or a devnet institution")
    .option("--out <file>", "draw the code: FILE.png or FILE.svg")
    .option("--dir <dir>", "the devnet directory: account names, keys, the chain id", ".devnet")
    .option("--json", "print one JSON object", false)
    .action(async (options: QrEncodeOptions) =>
      (await import("./qr-encode.ts")).qrEncodeCommand(options),
    );
  return root;
}

export async function main(argv: readonly string[]): Promise<void> {
  try {
    await program().parseAsync([...argv]);
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`tongbao: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

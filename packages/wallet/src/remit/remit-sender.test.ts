// Goal: a remittance is never sent twice from one confirm screen, and never reported as not
// sent when it may have been. Every attempt at one reviewed payment signs with the same client
// id (the ledger takes one transaction per id) until a committed failure spends it; an answer
// lost after submission shows "sent, waiting" and follows the hash to its block instead of
// offering Send again; only a transaction that can no longer be included lets Send back; a
// `transaction_duplicate` refusal finds the earlier payment's receipt; a spent quote after an
// earlier submission is not "nothing was sent"; a committed payment without its legs in the
// view is still a receipt; the deadline and the wait follow the quote's remaining life.
// Method: RemitSender with scripted ports — the SDK's remit replaced by attempts that call
// onSigned and end as the SDK would (its own error classes), and a gateway whose lookups are a
// table the test changes between the sender's pauses. No clock: time is passed in.
import { test } from "node:test";
import assert from "node:assert/strict";
import type {
  QuoteView,
  RemittanceView,
  TransactionCommittedView,
  TransactionView,
} from "@tongbao/api";
import {
  HttpRequestError,
  TransactionFailedError,
  TransactionNotFoundError,
  TransactionRejectedError,
  WaitForTransactionTimeoutError,
  type Succeeded,
} from "@tongbao/client/browser";
import type { ClientId, Hash } from "@tongbao/types";
import { RemitSender, type SendState } from "./remit-sender.ts";
import type { RemitAttemptRequest } from "./send-remittance.ts";

const T0 = Date.parse("2026-03-01T08:00:00.000Z");
const ALICE = "a1".repeat(20);
const MARIA = "b2".repeat(20);
const FX = "c3".repeat(20);
const hashOf = (n: number) => n.toString(16).padStart(64, "0");

/** A firm quote that arrived at T0 with 60 s to live, by a device clock that agrees. */
const quote: QuoteView = {
  firm: true,
  id: `${"d4".repeat(20)}-${"0d".repeat(16)}`,
  from: "HKD",
  to: "PHP",
  send: { amount: "1000.00", currency: "HKD" },
  receive: { amount: "7164.00", currency: "PHP" },
  rate: { num: "1791", den: "250", display: "7.1640" },
  provider: { account: FX, institution: "fx-bank", name: "FX Bank", spreadBps: 50 },
  fees: {
    senderInstitution: { amount: "1.00", currency: "HKD" },
    providerSpread: { amount: "36.00", currency: "PHP" },
  },
  totalDebit: { amount: "1001.00", currency: "HKD" },
  expiresAt: new Date(T0 + 60_000).toISOString(),
  expiresInMs: 60_000,
  offer: { provider: FX, id: "0e".repeat(16) },
};

const legs: RemittanceView = {
  sender: ALICE,
  recipient: MARIA,
  provider: FX,
  sent: { amount: "1000.00", currency: "HKD" },
  received: { amount: "7164.00", currency: "PHP" },
  fee: { amount: "1.00", currency: "HKD" },
  residual: { amount: "0.00", currency: "HKD" },
  residualTo: FX,
  rate: quote.rate,
  spreadBps: 50,
  source: { kind: "quote", holder: "d4".repeat(20), id: "0d".repeat(16) },
  operationIndex: 0,
};

function committed(
  hash: string,
  codeName = "ok",
  withLegs = true,
): TransactionCommittedView & { codeName: string } {
  return {
    hash,
    status: "committed",
    height: 42,
    index: 0,
    timestamp: new Date(T0 + 5_000).toISOString(),
    code: codeName === "ok" ? 0 : 233,
    codeName,
    blockId: "e5".repeat(32),
    appHash: "f6".repeat(32),
    ...(withLegs && codeName === "ok" ? { remittances: [legs] } : {}),
  };
}

type Attempt = (request: RemitAttemptRequest) => Promise<Succeeded>;

/** A sender whose attempts are `attempts`, in order, over a gateway the test scripts. */
function harness(attempts: Attempt[]) {
  const requests: RemitAttemptRequest[] = [];
  const states: SendState[] = [];
  /** What the gateway knows of each hash; absent: transaction_not_found. */
  const views = new Map<string, TransactionView>();
  const gateway = {
    /** Agreed time of the last committed block. */
    lastBlockMs: T0,
    /** Lookups that fail as a lost connection before answering again. */
    unreachable: 0,
    /** Called at each of the sender's pauses: the world moves on. */
    onPause: (): void => {},
  };
  let ids = 0;
  const sender = new RemitSender(
    {
      remit: (request) => {
        requests.push(request);
        const attempt = attempts[requests.length - 1];
        if (attempt === undefined) throw new Error("an attempt the test did not expect");
        return attempt(request);
      },
      getTransaction: async (hash) => {
        if (gateway.unreachable > 0) {
          gateway.unreachable -= 1;
          throw new HttpRequestError("http://gateway", new TypeError("fetch failed"));
        }
        const view = views.get(hash);
        if (view === undefined) {
          throw new TransactionNotFoundError(404, {
            code: "transaction_not_found",
            message: `no transaction ${hash}`,
          });
        }
        return view;
      },
      getStatus: async () => ({ lastBlockTime: new Date(gateway.lastBlockMs).toISOString() }),
      sleep: async () => gateway.onPause(),
      nowMs: () => T0 + 10_000,
      newId: () => (ids += 1).toString(16).padStart(32, "0"),
    },
    (state) => states.push(state),
  );
  return { sender, requests, states, views, gateway };
}

/** An attempt that is signed and submitted as `hash`, then ends with `end`. */
function submitted(hash: string, end: () => Promise<Succeeded>): Attempt {
  return async (request) => {
    request.onSigned({ hash: hash as Hash, id: request.id as ClientId, validUntilMs: T0 + 60_000 });
    return end();
  };
}

const kinds = (states: readonly SendState[]) => states.map((s) => s.kind);
const words = (state: SendState | undefined) =>
  state?.kind === "ready" && state.problem !== undefined
    ? `${state.problem.title} ${state.problem.fix ?? ""}`
    : "";

test("a wait that runs out shows the payment sent and follows it to its receipt, never resent", async () => {
  const H1 = hashOf(1);
  const { sender, requests, states, views, gateway } = harness([
    submitted(H1, async () => {
      throw new WaitForTransactionTimeoutError(H1, 55_000);
    }),
  ]);
  views.set(H1, { hash: H1, status: "pending" });
  let pauses = 0;
  gateway.onPause = () => {
    pauses += 1;
    if (pauses === 1) gateway.unreachable = 2; // the network drops for a while
    if (pauses === 2) {
      // Send pressed again while it waits: nothing happens.
      assert.equal(sender.state.kind, "confirming");
      void sender.send(quote, T0);
    }
    if (pauses === 4) views.set(H1, committed(H1));
  };
  await sender.send(quote, T0);
  assert.deepEqual(kinds(states), ["sending", "confirming", "settled"]);
  assert.deepEqual(states[1], { kind: "confirming", hash: H1 });
  const last = states.at(-1);
  assert.equal(last?.kind === "settled" ? last.settled.hash : undefined, H1);
  assert.deepEqual(last?.kind === "settled" ? last.settled.remittance : undefined, legs);
  assert.equal(requests.length, 1, "one attempt: Send is not offered while it waits");
  // The deadline is the quote's remaining life: arrived at T0, sent 10 s later.
  assert.equal(requests[0]!.validForMs, 50_000);
  assert.equal(requests[0]!.timeoutMs, 55_000);
});

test("a payment never included lets Send back, and the next attempt keeps the same id", async () => {
  const H1 = hashOf(1);
  const H2 = hashOf(2);
  const { sender, requests, states, views, gateway } = harness([
    submitted(H1, async () => {
      throw new HttpRequestError("http://gateway", new TypeError("fetch failed"));
    }),
    submitted(H2, async () => committed(H2) as Succeeded),
  ]);
  let pauses = 0;
  gateway.onPause = () => {
    pauses += 1;
    // Not found proves nothing until a block past its deadline is committed.
    if (pauses === 3) gateway.lastBlockMs = T0 + 61_000;
  };
  await sender.send(quote, T0);
  assert.deepEqual(kinds(states), ["sending", "confirming", "ready"]);
  assert.ok(pauses >= 3, "not given up before the deadline passed");
  assert.match(words(states.at(-1)), /did not go through[\s\S]*send again/);
  views.clear();
  await sender.send(quote, T0);
  assert.equal(requests.length, 2);
  assert.equal(requests[1]!.id, requests[0]!.id, "the id was never spent");
  assert.equal(states.at(-1)?.kind, "settled");
});

test("a committed failure spends the id: the next attempt signs with a new one", async () => {
  const H1 = hashOf(1);
  const H2 = hashOf(2);
  const { sender, requests, states } = harness([
    submitted(H1, async () => {
      throw new TransactionFailedError(H1, "rate_beyond_limit", 41, 0);
    }),
    submitted(H2, async () => committed(H2) as Succeeded),
  ]);
  await sender.send(quote, T0);
  assert.deepEqual(kinds(states), ["sending", "ready"]);
  assert.match(words(states.at(-1)), /rate moved[\s\S]*nothing was sent/);
  await sender.send(quote, T0);
  assert.notEqual(requests[1]!.id, requests[0]!.id);
  assert.equal(states.at(-1)?.kind, "settled");
});

test("a refusal at admission, or a failure before signing, keeps the id", async () => {
  const H1 = hashOf(1);
  const H3 = hashOf(3);
  const { sender, requests, states } = harness([
    submitted(H1, async () => {
      throw new TransactionRejectedError(422, {
        code: "signer_pending_max",
        message: "too many pending",
      });
    }),
    async () => {
      throw new HttpRequestError("http://gateway", new TypeError("fetch failed"));
    },
    submitted(H3, async () => committed(H3) as Succeeded),
  ]);
  await sender.send(quote, T0);
  await sender.send(quote, T0);
  assert.deepEqual(kinds(states), ["sending", "ready", "sending", "ready"]);
  await sender.send(quote, T0);
  assert.deepEqual(
    requests.map((r) => r.id),
    [requests[0]!.id, requests[0]!.id, requests[0]!.id],
  );
  assert.equal(states.at(-1)?.kind, "settled");
});

test("transaction_duplicate on a retry finds the earlier payment and shows its receipt", async () => {
  const H1 = hashOf(1);
  const H2 = hashOf(2);
  const { sender, states, views } = harness([
    // The gateway said no, yet the transaction reached a block through another node.
    submitted(H1, async () => {
      throw new TransactionRejectedError(503, { code: "signer_pending_max", message: "busy" });
    }),
    submitted(H2, async () => {
      throw new TransactionRejectedError(409, {
        code: "transaction_duplicate",
        message: "id already used",
      });
    }),
  ]);
  await sender.send(quote, T0);
  views.set(H1, committed(H1));
  await sender.send(quote, T0);
  const last = states.at(-1);
  assert.equal(last?.kind === "settled" ? last.settled.hash : undefined, H1);
  assert.doesNotMatch(JSON.stringify(states), /nothing was sent/);
});

test("transaction_duplicate with no earlier payment found never says nothing was sent", async () => {
  const H1 = hashOf(1);
  const { sender, requests, states } = harness([
    submitted(H1, async () => {
      throw new TransactionRejectedError(409, {
        code: "transaction_duplicate",
        message: "id already used",
      });
    }),
    submitted(hashOf(2), async () => {
      throw new TransactionRejectedError(409, {
        code: "transaction_duplicate",
        message: "id already used",
      });
    }),
  ]);
  await sender.send(quote, T0);
  assert.match(words(states.at(-1)), /already sent[\s\S]*history/);
  assert.doesNotMatch(words(states.at(-1)), /nothing was sent/);
  await sender.send(quote, T0);
  assert.equal(requests[1]!.id, requests[0]!.id, "still the same id: a retry is refused again");
});

test("a spent quote after this screen sent before is not 'nothing was sent'", async () => {
  const H1 = hashOf(1);
  const H2 = hashOf(2);
  const { sender, states, views } = harness([
    submitted(H1, async () => {
      throw new TransactionFailedError(H1, "rate_beyond_limit", 41, 0);
    }),
    submitted(H2, async () => {
      throw new TransactionFailedError(H2, "quote_not_found", 43, 0);
    }),
  ]);
  views.set(H1, committed(H1, "rate_beyond_limit"));
  await sender.send(quote, T0);
  await sender.send(quote, T0);
  const last = states.at(-1);
  assert.equal(last?.kind, "ready");
  assert.equal(last?.kind === "ready" ? last.problem?.code : undefined, "quote_not_found");
  assert.doesNotMatch(words(last), /nothing was sent/);
  assert.match(words(last), /history/);
});

test("a spent quote whose earlier attempt went through shows that receipt", async () => {
  const H1 = hashOf(1);
  const H2 = hashOf(2);
  const { sender, states, views } = harness([
    submitted(H1, async () => {
      throw new TransactionFailedError(H1, "rate_beyond_limit", 41, 0);
    }),
    submitted(H2, async () => {
      throw new TransactionFailedError(H2, "quote_not_found", 43, 0);
    }),
  ]);
  await sender.send(quote, T0);
  // What the gateway says now wins over the earlier answer.
  views.set(H1, committed(H1));
  await sender.send(quote, T0);
  const last = states.at(-1);
  assert.equal(last?.kind === "settled" ? last.settled.hash : undefined, H1);
});

test("a committed payment whose view lists no legs is still a receipt, not an error", async () => {
  const H1 = hashOf(1);
  const { sender, states, views } = harness([
    submitted(H1, async () => committed(H1, "ok", false) as Succeeded),
  ]);
  views.set(H1, committed(H1, "ok", false));
  await sender.send(quote, T0);
  assert.deepEqual(kinds(states), ["sending", "settled"]);
  const last = states.at(-1);
  assert.equal(last?.kind === "settled" ? last.settled.remittance : "?", undefined);
});

test("a screen that is gone stops following, and shows nothing more", async () => {
  const H1 = hashOf(1);
  const { sender, states, gateway } = harness([
    submitted(H1, async () => {
      throw new WaitForTransactionTimeoutError(H1, 55_000);
    }),
  ]);
  let pauses = 0;
  gateway.onPause = () => {
    pauses += 1;
    if (pauses === 2) sender.stop();
  };
  await sender.send(quote, T0);
  assert.deepEqual(kinds(states), ["sending", "confirming"]);
  assert.equal(pauses, 2);
});

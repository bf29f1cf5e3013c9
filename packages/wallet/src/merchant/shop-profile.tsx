/**
 * How the shop's institution names it in its QR codes: the name, city and category a payer's
 * wallet shows as verified by the institution. The institution keeps it (the desk's merchant
 * register); the shop registers it once from here, signed with the shop's key, and may change
 * it. The ledger itself knows accounts, not names.
 */
import { useCallback, useEffect, useState } from "preact/hooks";
import type { MerchantProfileView } from "@tongbao/api";
import {
  MerchantNotRegisteredError,
  getMerchantProfile,
  registerMerchant,
  type Client,
} from "@tongbao/client/browser";
import { describeError, type Problem } from "../gateway/describe-error.ts";
import { signerOf, type Profile } from "../keys/profile.ts";
import { SHOP_CATEGORIES, categoryName } from "../qr/categories.ts";
import { ProblemNote } from "../ui/problem-note.tsx";

export interface ShopProfile {
  readonly phase: "loading" | "missing" | "ready" | "failed";
  readonly shop: MerchantProfileView | undefined;
  readonly problem: Problem | undefined;
  readonly set: (shop: MerchantProfileView) => void;
}

export function useShopProfile(client: Client, account: string): ShopProfile {
  const [phase, setPhase] = useState<ShopProfile["phase"]>("loading");
  const [shop, setShop] = useState<MerchantProfileView>();
  const [problem, setProblem] = useState<Problem>();
  useEffect(() => {
    let stopped = false;
    getMerchantProfile(client, { account }).then(
      (found) => {
        if (stopped) return;
        setShop(found);
        setPhase("ready");
      },
      (error: unknown) => {
        if (stopped) return;
        if (error instanceof MerchantNotRegisteredError) return setPhase("missing");
        setProblem(describeError(error));
        setPhase("failed");
      },
    );
    return () => {
      stopped = true;
    };
  }, [client, account]);
  const set = useCallback((registered: MerchantProfileView) => {
    setShop(registered);
    setPhase("ready");
  }, []);
  return { phase, shop, problem, set };
}

const CONTROL = /[\u0000-\u001f\u007f]/;

export function ShopProfileCard(props: { client: Client; profile: Profile; shop: ShopProfile }) {
  const { shop } = props;
  const [editing, setEditing] = useState(false);
  if (shop.phase === "loading") {
    return <p class="muted">Asking your institution how it names this shop…</p>;
  }
  if (shop.phase === "failed") return <ProblemNote problem={shop.problem} />;
  if (shop.phase === "ready" && !editing) {
    const { name, city, mcc, institution } = shop.shop!;
    return (
      <section class="card" data-testid="shop-profile">
        <h2>Your shop</h2>
        <p>
          <strong data-testid="shop-name">{name}</strong>, {city} · {categoryName(mcc)}
        </p>
        <p class="muted">
          {institution} puts this name in your codes and vouches for it: payers see it as verified.
        </p>
        <button type="button" class="secondary" onClick={() => setEditing(true)}>
          Change
        </button>
      </section>
    );
  }
  return (
    <ShopForm
      client={props.client}
      profile={props.profile}
      {...(shop.shop === undefined ? {} : { current: shop.shop })}
      onDone={(registered) => {
        if (registered !== undefined) shop.set(registered);
        setEditing(false);
      }}
    />
  );
}

function ShopForm(props: {
  client: Client;
  profile: Profile;
  current?: MerchantProfileView;
  onDone: (registered: MerchantProfileView | undefined) => void;
}) {
  const [name, setName] = useState(props.current?.name ?? "");
  const [city, setCity] = useState(props.current?.city ?? "");
  const [mcc, setMcc] = useState(props.current?.mcc ?? SHOP_CATEGORIES[0]!.mcc);
  const [message, setMessage] = useState<string>();
  const [problem, setProblem] = useState<Problem>();
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    const shopName = name.trim();
    const shopCity = city.trim();
    if (shopName === "" || shopName.length > 25 || CONTROL.test(shopName)) {
      return setMessage("Give the shop's name as payers should see it: 1 to 25 characters.");
    }
    if (shopCity === "" || shopCity.length > 15 || CONTROL.test(shopCity)) {
      return setMessage("Give the shop's city: 1 to 15 characters.");
    }
    setMessage(undefined);
    setProblem(undefined);
    setBusy(true);
    try {
      props.onDone(
        await registerMerchant(props.client, {
          signer: signerOf(props.profile),
          name: shopName,
          city: shopCity,
          mcc,
        }),
      );
    } catch (error) {
      setProblem(describeError(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card" data-testid="shop-form">
      <h2>Your shop</h2>
      <p class="muted">
        Your institution puts this name in the codes it signs for you, and payers' wallets show it
        as verified. It is kept by the institution, never written to the ledger.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void submit();
        }}
      >
        <label>
          Shop name (as payers see it)
          <input
            value={name}
            maxLength={25}
            placeholder="e.g. TEA HOUSE"
            data-testid="shop-name-input"
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </label>
        <div class="row">
          <label class="grow">
            City
            <input
              value={city}
              maxLength={15}
              placeholder="e.g. HONG KONG"
              data-testid="shop-city-input"
              onInput={(e) => setCity(e.currentTarget.value)}
            />
          </label>
          <label>
            Kind of shop
            <select value={mcc} onChange={(e) => setMcc(e.currentTarget.value)}>
              {SHOP_CATEGORIES.map((c) => (
                <option key={c.mcc} value={c.mcc}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        </div>
        {message === undefined ? null : (
          <p class="problem" role="alert">
            {message}
          </p>
        )}
        <div class="row">
          {props.current === undefined ? null : (
            <button type="button" class="secondary" onClick={() => props.onDone(undefined)}>
              Cancel
            </button>
          )}
          <button type="submit" disabled={busy} data-testid="shop-register">
            {props.current === undefined ? "Register the shop" : "Save"}
          </button>
        </div>
      </form>
      <ProblemNote problem={problem} />
    </section>
  );
}

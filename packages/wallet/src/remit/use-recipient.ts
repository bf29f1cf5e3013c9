/**
 * Who the recipient is, as the ledger knows them: the account's institution (the travel-rule
 * data names it, and its key is one the data is sealed to) and that institution's name, for the
 * person to check before sending. Asked once the typed id is a whole account id.
 */
import { useEffect, useState } from "preact/hooks";
import {
  AccountNotFoundError,
  getAccount,
  getInstitutions,
  type Client,
} from "@tongbao/client/browser";
import { describeError, type Problem } from "../gateway/describe-error.ts";

export type Recipient =
  | { readonly kind: "none" }
  | { readonly kind: "looking"; readonly id: string }
  | {
      readonly kind: "found";
      readonly id: string;
      readonly institution: string;
      readonly institutionName: string;
      readonly currencies: readonly string[];
    }
  | { readonly kind: "unknown"; readonly id: string; readonly problem: Problem };

export function useRecipient(client: Client, id: string | undefined): Recipient {
  const [recipient, setRecipient] = useState<Recipient>({ kind: "none" });
  useEffect(() => {
    if (id === undefined) {
      setRecipient({ kind: "none" });
      return;
    }
    let current = true;
    setRecipient({ kind: "looking", id });
    Promise.all([getAccount(client, { id }), getInstitutions(client)]).then(
      ([account, institutions]) => {
        if (!current) return;
        const name = institutions.find((i) => i.id === account.institution)?.name;
        setRecipient({
          kind: "found",
          id,
          institution: account.institution,
          institutionName: name ?? account.institution,
          currencies: account.balances.map((b) => b.currency),
        });
      },
      (error: unknown) => {
        if (!current) return;
        const problem: Problem =
          error instanceof AccountNotFoundError
            ? {
                title: "No account has this id.",
                fix: "Check the id with the recipient: it is 40 characters of 0–9 and a–f.",
              }
            : describeError(error);
        setRecipient({ kind: "unknown", id, problem });
      },
    );
    return () => {
      current = false;
    };
  }, [client, id]);
  return recipient;
}

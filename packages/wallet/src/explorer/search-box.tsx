/** One box for a transaction hash, an account id or a block height. */
import { useState } from "preact/hooks";
import { href } from "../routing/route.ts";

export function SearchBox() {
  const [text, setText] = useState("");
  const [message, setMessage] = useState<string>();
  const go = () => {
    const value = text.trim().toLowerCase();
    let target: string | undefined;
    if (/^[0-9a-f]{64}$/.test(value)) target = href("explorer", "tx", value);
    else if (/^[0-9a-f]{40}$/.test(value)) target = href("explorer", "account", value);
    else if (/^[1-9][0-9]{0,15}$/.test(value)) target = href("explorer", "block", value);
    if (target === undefined) {
      setMessage("Enter a transaction hash (64 hex), an account id (40 hex) or a block height.");
      return;
    }
    setMessage(undefined);
    location.hash = target;
  };
  return (
    <form
      class="card search"
      onSubmit={(event) => {
        event.preventDefault();
        go();
      }}
    >
      <div class="row">
        <input
          class="grow"
          value={text}
          spellcheck={false}
          placeholder="Transaction hash, account id or block height"
          data-testid="explorer-search"
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <button type="submit">Look up</button>
      </div>
      {message === undefined ? null : <p class="problem">{message}</p>}
    </form>
  );
}

/**
 * Three ways a payment code reaches the wallet: the camera, a picture (a photo or a screenshot
 * the payer was sent), or its text pasted (a code shared in a chat). Each ends in the same
 * place: the payload's text, to be verified before anything else happens.
 */
import { useState } from "preact/hooks";
import { CameraScanner } from "./camera-scanner.tsx";
import { decodeQrPixels, pixelsOfImage } from "./decode-image.ts";

export function ScanInputs(props: {
  busy: boolean;
  onPayload: (payload: string) => void;
  onProblem: (message: string) => void;
}) {
  const [camera, setCamera] = useState(false);
  const [pasted, setPasted] = useState("");
  const [reading, setReading] = useState(false);

  const readPicture = async (file: File | undefined) => {
    if (file === undefined) return;
    setReading(true);
    try {
      const pixels = await pixelsOfImage(file).catch(() => undefined);
      if (pixels === undefined) {
        return props.onProblem(`"${file.name}" is not a picture this browser can open.`);
      }
      const payload = await decodeQrPixels(pixels);
      if (payload === undefined || payload === "") {
        return props.onProblem(
          `No QR code was found in "${file.name}": take the picture closer and straight on, with the whole code in it.`,
        );
      }
      props.onPayload(payload);
    } finally {
      setReading(false);
    }
  };

  if (camera) {
    return (
      <CameraScanner
        onPayload={(payload) => {
          setCamera(false);
          props.onPayload(payload);
        }}
        onClose={() => setCamera(false)}
      />
    );
  }
  const busy = props.busy || reading;
  return (
    <div class="scan-inputs">
      <button
        type="button"
        disabled={busy}
        data-testid="scan-camera"
        onClick={() => setCamera(true)}
      >
        Scan with the camera
      </button>
      <label class="file-pick">
        Or a picture of the code
        <input
          type="file"
          accept="image/*"
          disabled={busy}
          data-testid="scan-file"
          onChange={(e) => {
            const input = e.currentTarget;
            void readPicture(input.files?.[0]).finally(() => (input.value = ""));
          }}
        />
      </label>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (pasted.trim() === "") return props.onProblem("Paste the code's text first.");
          props.onPayload(pasted);
        }}
      >
        <label>
          Or paste the code's text
          <textarea
            rows={3}
            value={pasted}
            spellcheck={false}
            placeholder="000201…"
            data-testid="scan-paste"
            onInput={(e) => setPasted(e.currentTarget.value)}
          />
        </label>
        <button type="submit" class="secondary" disabled={busy} data-testid="scan-paste-read">
          Read the code
        </button>
      </form>
    </div>
  );
}

/**
 * A payment code drawn on a canvas with the `qrcode` package (byte mode, UTF-8, error correction
 * M: a phone reads it off a screen at an angle). The drawing code is loaded when the first code
 * is shown, so consumers who never show one never download it; `data-drawn` says when the
 * canvas holds the code (until then it is blank).
 */
import { useEffect, useRef, useState } from "preact/hooks";

/** Pixels per module: a 330-character code (version 13, 69 modules) is about 300 px wide. */
const SCALE = 4;

export function QrImage(props: {
  payload: string;
  label: string;
  testId: string;
  faded?: boolean;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failure, setFailure] = useState<string>();
  const [drawn, setDrawn] = useState(false);
  useEffect(() => {
    let stopped = false;
    setFailure(undefined);
    setDrawn(false);
    import("qrcode/lib/browser.js")
      .then(({ toCanvas }) =>
        toCanvas(canvas.current!, props.payload, {
          errorCorrectionLevel: "M",
          margin: 4,
          scale: SCALE,
        }),
      )
      .then(() => !stopped && setDrawn(true))
      .catch((error: unknown) => {
        if (!stopped) setFailure(error instanceof Error ? error.message : String(error));
      });
    return () => {
      stopped = true;
    };
  }, [props.payload]);
  if (failure !== undefined) {
    return (
      <p class="problem" role="alert">
        The code could not be drawn: {failure}
      </p>
    );
  }
  return (
    <canvas
      ref={canvas}
      class="qr-image"
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      data-drawn={drawn ? "true" : "false"}
    />
  );
}

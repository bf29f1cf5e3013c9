/**
 * Scanning with the camera: the browser's BarcodeDetector where it has one that reads QR codes
 * (Chrome on Android and macOS, Safari), otherwise jsQR on video frames drawn to a canvas, a few
 * times a second. Nothing leaves the page: frames are read here and dropped. The camera stops
 * when a code is found, when the payer closes the scanner, or when the screen goes away.
 */
import { useEffect, useRef, useState } from "preact/hooks";
import { decodeQrPixels } from "./decode-image.ts";

/** How often a frame is looked at: enough to feel instant, little enough for a phone's battery. */
const FRAME_EVERY_MS = 250;

/** The part of the Barcode Detection API used here (not yet in TypeScript's DOM library). */
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<readonly { readonly rawValue: string }[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}

async function nativeDetector(): Promise<BarcodeDetectorLike | undefined> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (Detector === undefined) return undefined;
  try {
    const formats = await Detector.getSupportedFormats();
    return formats.includes("qr_code") ? new Detector({ formats: ["qr_code"] }) : undefined;
  } catch {
    return undefined;
  }
}

function cameraProblem(error: unknown): string {
  const name = error instanceof DOMException ? error.name : "";
  if (name === "NotAllowedError") {
    return "The camera was not allowed. Allow it in the browser's site settings, or upload a picture of the code instead.";
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return "This device has no camera the page can use: upload a picture of the code, or paste it.";
  }
  return `The camera could not be started (${error instanceof Error ? error.message : String(error)}): upload a picture of the code, or paste it.`;
}

export function CameraScanner(props: {
  onPayload: (payload: string) => void;
  onClose: () => void;
}) {
  const video = useRef<HTMLVideoElement>(null);
  const [state, setState] = useState<
    { kind: "starting" | "scanning" } | { kind: "failed"; message: string }
  >({ kind: "starting" });
  const found = useRef(props.onPayload);
  found.current = props.onPayload;

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const stop = () => {
      stopped = true;
      clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    const start = async () => {
      if (navigator.mediaDevices?.getUserMedia === undefined) {
        setState({
          kind: "failed",
          message:
            "This browser offers no camera to the page here (it needs https or localhost): upload a picture of the code, or paste it.",
        });
        return;
      }
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: "environment" },
          audio: false,
        });
        if (stopped) return stop();
        const element = video.current!;
        element.srcObject = stream;
        await element.play();
      } catch (error) {
        if (!stopped) setState({ kind: "failed", message: cameraProblem(error) });
        stop();
        return;
      }
      const detector = await nativeDetector();
      const canvas = document.createElement("canvas");
      setState({ kind: "scanning" });
      const look = async () => {
        if (stopped) return;
        const element = video.current;
        let payload: string | undefined;
        if (element !== null && element.videoWidth > 0) {
          if (detector !== undefined) {
            payload = (await detector.detect(element).catch(() => []))[0]?.rawValue;
          } else {
            canvas.width = element.videoWidth;
            canvas.height = element.videoHeight;
            const context = canvas.getContext("2d", { willReadFrequently: true });
            context?.drawImage(element, 0, 0);
            const pixels = context?.getImageData(0, 0, canvas.width, canvas.height);
            payload = pixels === undefined ? undefined : await decodeQrPixels(pixels);
          }
        }
        if (stopped) return;
        if (payload !== undefined && payload !== "") {
          stop();
          found.current(payload);
          return;
        }
        timer = setTimeout(() => void look(), FRAME_EVERY_MS);
      };
      void look();
    };
    void start();
    return stop;
  }, []);

  return (
    <div class="camera" data-testid="camera">
      {state.kind === "failed" ? (
        <p class="problem" role="alert" data-testid="camera-problem">
          {state.message}
        </p>
      ) : (
        <>
          <video ref={video} class="camera-view" muted playsInline aria-label="Camera" />
          <p class="muted">
            {state.kind === "starting"
              ? "Starting the camera…"
              : "Hold the shop's code inside the frame."}
          </p>
        </>
      )}
      <button type="button" class="secondary" onClick={props.onClose}>
        Close the camera
      </button>
    </div>
  );
}

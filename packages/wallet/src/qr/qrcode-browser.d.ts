/**
 * The part of the `qrcode` package's browser build the wallet uses. Declared here rather than
 * taken from @types/qrcode, whose declarations pull in Node's types (streams, buffers), which the
 * browser app must not see.
 */
declare module "qrcode/lib/browser.js" {
  export interface QrCanvasOptions {
    /** L 7 %, M 15 %, Q 25 %, H 30 % of the symbol may be lost and still read. */
    readonly errorCorrectionLevel?: "L" | "M" | "Q" | "H";
    /** Quiet zone, in modules (default 4, as the QR standard asks). */
    readonly margin?: number;
    /** Pixels per module. */
    readonly scale?: number;
    readonly color?: { readonly dark?: string; readonly light?: string };
  }
  /** Draws `text` (byte mode, UTF-8) on the canvas and sizes it. */
  export function toCanvas(
    canvas: HTMLCanvasElement,
    text: string,
    options?: QrCanvasOptions,
  ): Promise<HTMLCanvasElement>;
}

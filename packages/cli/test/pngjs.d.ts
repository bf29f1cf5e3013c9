// The few pngjs calls the QR tests make; pngjs ships no types of its own.
declare module "pngjs" {
  interface DecodedPng {
    readonly width: number;
    readonly height: number;
    /** RGBA, four bytes per pixel. */
    readonly data: Buffer;
  }
  const pngjs: { readonly PNG: { readonly sync: { read(buffer: Buffer): DecodedPng } } };
  export default pngjs;
}

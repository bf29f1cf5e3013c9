/**
 * Finding a QR code in pixels with jsQR: a picture the payer uploads (a photo, a screenshot) or a
 * frame of the camera where the browser has no BarcodeDetector. jsQR reads byte mode as UTF-8,
 * so names in any script come through (docs/spec/qr.md §7). It is loaded on first use.
 */

/** Pictures are scaled down to this many pixels on their longer side before they are read. */
export const IMAGE_SIDE_MAX = 1_600;

/** The text of the QR code in the pixels, or undefined when none is found. */
export async function decodeQrPixels(image: ImageData): Promise<string | undefined> {
  const { default: jsQR } = await import("jsqr");
  return (
    jsQR(image.data, image.width, image.height, { inversionAttempts: "attemptBoth" })?.data ??
    undefined
  );
}

/** The pixels of a picture file (scaled to IMAGE_SIDE_MAX). @throws when it is not a picture. */
export async function pixelsOfImage(file: Blob): Promise<ImageData> {
  const bitmap = await createImageBitmap(file);
  try {
    const scale = Math.min(1, IMAGE_SIDE_MAX / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    if (context === null) throw new Error("this browser cannot read pictures (no 2D canvas)");
    // White under the picture, so a transparent screenshot reads as dark modules on light.
    context.fillStyle = "#fff";
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    return context.getImageData(0, 0, width, height);
  } finally {
    bitmap.close();
  }
}

// A fake camera for the scanning tests: writes a short raw video that shows one QR code, for
// Chromium's `--use-fake-device-for-media-stream --use-file-for-fake-video-capture=<file>`, so
// getUserMedia hands the page a "camera" that is looking at that code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as QRCode from 'qrcode';

// 640x480 is what a phone's rear camera commonly gives a web page by default; both sides are even,
// as 4:2:0 chroma needs.
const WIDTH = 640;
const HEIGHT = 480;
// Chromium keeps only the integer part of the frame rate, and replays the file from its first frame
// when it reaches the end, so one second of identical frames stands in for an endless stream.
const FPS = 30;
const FRAMES = 30;
// The QR standard asks for 4 light modules around the symbol; decoders find it less reliably without.
const QUIET_ZONE = 4;
// Large modules keep the code sharp after Chromium scales and converts the frames.
const MAX_MODULE_PX = 8;
const MIN_MODULE_PX = 3;

/** Writes `file` (which must end in `.y4m`, since Chromium picks the parser by the name) as a
 *  Y4M video of the QR code of `text`: black on white, centred, error correction level M. */
export function writeQrVideo(text: string, file: string): void {
  if (!file.toLowerCase().endsWith('.y4m')) {
    throw new Error(`Chromium reads a fake camera file as Y4M only if its name ends in .y4m: ${file}`);
  }
  const modules = QRCode.create(text, { errorCorrectionLevel: 'M' }).modules;
  const count = modules.size;
  const sideInModules = count + 2 * QUIET_ZONE;
  const modulePx = Math.min(MAX_MODULE_PX, Math.floor(Math.min(WIDTH, HEIGHT) / sideInModules));
  if (modulePx < MIN_MODULE_PX) {
    throw new Error(`text too long for a ${WIDTH}x${HEIGHT} fake camera: ${count} modules a side`);
  }
  // Top-left corner of the first (dark or light) module, the quiet zone being part of the white.
  const left = Math.floor((WIDTH - count * modulePx) / 2);
  const top = Math.floor((HEIGHT - count * modulePx) / 2);

  // Luma plane: one byte a pixel, row by row. 255 and 0 rather than video's 235 and 16 so that
  // whichever range Chromium assumes, the code comes out as pure white and pure black.
  const luma = Buffer.alloc(WIDTH * HEIGHT, 255);
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      if (!modules.get(row, col)) continue;
      for (let y = 0; y < modulePx; y++) {
        const start = (top + row * modulePx + y) * WIDTH + left + col * modulePx;
        luma.fill(0, start, start + modulePx);
      }
    }
  }
  // Then the U and V planes, each a quarter of the luma's size (4:2:0 halves both directions).
  // 128 is zero colour difference: every pixel is a pure grey, from black to white.
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128);

  // Y4M: one text line of space-separated tags (W width, H height, F frame rate as a fraction,
  // Ip progressive, A1:1 square pixels, C420jpeg 4:2:0 planar, the only layout Chromium takes),
  // then every frame as the line "FRAME" followed by its raw Y, U and V planes.
  const header = `YUV4MPEG2 W${WIDTH} H${HEIGHT} F${FPS}:1 Ip A1:1 C420jpeg\n`;
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), luma, chroma]);

  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, header, null, 'ascii');
    for (let i = 0; i < FRAMES; i++) fs.writeSync(fd, frame);
  } finally {
    fs.closeSync(fd);
  }
}

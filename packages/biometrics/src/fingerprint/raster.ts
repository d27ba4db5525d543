import { GLYPH_HEIGHT, GLYPH_WIDTH, glyphInk } from './raster-font.js';

/** A small RGBA drawing surface (pure compute) for evidence images and plots; callers encode it. */
export type Colour = readonly [number, number, number, number];

export class RgbaCanvas {
  readonly data: Uint8Array;
  constructor(
    readonly width: number,
    readonly height: number,
    background: Colour = [255, 255, 255, 255],
  ) {
    this.data = new Uint8Array(width * height * 4);
    for (let i = 0; i < this.data.length; i += 4) this.data.set(background, i);
  }

  /** Copies an 8-bit grey image in at (left, top), scaled by an integer-free nearest-neighbour factor. */
  drawGrey(pixels: Uint8Array, width: number, height: number, left: number, top: number, scale = 1): void {
    const w = Math.round(width * scale);
    const h = Math.round(height * scale);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const sx = Math.min(width - 1, Math.floor(x / scale));
        const sy = Math.min(height - 1, Math.floor(y / scale));
        const v = pixels[sy * width + sx]!;
        this.set(left + x, top + y, [v, v, v, 255]);
      }
  }

  set(x: number, y: number, c: Colour): void {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height) return;
    this.data.set(c, (yi * this.width + xi) * 4);
  }

  line(x0: number, y0: number, x1: number, y1: number, c: Colour, thickness = 1): void {
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    const r = (thickness - 1) / 2;
    for (let i = 0; i <= steps; i++) {
      const x = x0 + ((x1 - x0) * i) / steps;
      const y = y0 + ((y1 - y0) * i) / steps;
      for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) this.set(x + dx, y + dy, c);
    }
  }

  circle(cx: number, cy: number, radius: number, c: Colour): void {
    const steps = Math.max(8, Math.ceil(2 * Math.PI * radius));
    for (let i = 0; i < steps; i++) {
      const a = (2 * Math.PI * i) / steps;
      this.set(cx + radius * Math.cos(a), cy + radius * Math.sin(a), c);
    }
  }

  square(cx: number, cy: number, half: number, c: Colour): void {
    this.line(cx - half, cy - half, cx + half, cy - half, c);
    this.line(cx + half, cy - half, cx + half, cy + half, c);
    this.line(cx + half, cy + half, cx - half, cy + half, c);
    this.line(cx - half, cy + half, cx - half, cy - half, c);
  }

  /** Writes `text` with its top-left corner at (left, top), each font pixel `scale` pixels wide. */
  text(left: number, top: number, text: string, c: Colour, scale = 1): void {
    for (let k = 0; k < text.length; k++)
      for (let y = 0; y < GLYPH_HEIGHT; y++)
        for (let x = 0; x < GLYPH_WIDTH; x++) {
          if (!glyphInk(text[k]!, x, y)) continue;
          for (let dy = 0; dy < scale; dy++)
            for (let dx = 0; dx < scale; dx++) this.set(left + (k * (GLYPH_WIDTH + 1) + x) * scale + dx, top + y * scale + dy, c);
        }
  }

  /** Width in pixels of `text` drawn at `scale`. */
  static textWidth(text: string, scale = 1): number {
    return Math.max(0, text.length * (GLYPH_WIDTH + 1) - 1) * scale;
  }
}

import type { SeededRandom } from './random.js';

/**
 * A smooth random field: a sum of a few plane waves of long wavelength. Used for the
 * low-frequency perturbations (orientation, ridge period, pressure, contact border).
 * Values lie roughly in [−1, 1].
 */
export class SmoothField {
  private readonly kx: Float64Array;
  private readonly ky: Float64Array;
  private readonly phase: Float64Array;
  private readonly norm: number;

  constructor(random: SeededRandom, waves: number, wavelength: { min: number; max: number }) {
    this.kx = new Float64Array(waves);
    this.ky = new Float64Array(waves);
    this.phase = new Float64Array(waves);
    for (let i = 0; i < waves; i++) {
      const angle = random.uniform(0, Math.PI);
      const k = (2 * Math.PI) / random.range(wavelength);
      this.kx[i] = k * Math.cos(angle);
      this.ky[i] = k * Math.sin(angle);
      this.phase[i] = random.uniform(0, 2 * Math.PI);
    }
    this.norm = waves > 0 ? Math.sqrt(2 / waves) : 0;
  }

  at(x: number, y: number): number {
    let sum = 0;
    for (let i = 0; i < this.kx.length; i++) sum += Math.cos(this.kx[i]! * x + this.ky[i]! * y + this.phase[i]!);
    return sum * this.norm;
  }
}

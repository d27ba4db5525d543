/**
 * The one shape shared by the extractor, the matcher and the template codecs.
 *
 * Coordinates are pixels of the image normalised to 500 ppi, origin at the top-left corner,
 * x to the right, y downwards. Directions follow ISO/IEC 19794-2: radians in [0, 2π),
 * counter-clockwise from the +x axis as seen on screen (so a direction θ points along
 * (cos θ, −sin θ) in image coordinates). For a ridge ending the direction points from the
 * ending along the ridge it ends (into the ridge); for a bifurcation, along the valley it ends.
 */
export type MinutiaType = 'ending' | 'bifurcation' | 'other';

export interface Minutia {
  x: number;
  y: number;
  direction: number;
  type: MinutiaType;
  /** Extractor's confidence in [0, 1] (ISO quality 0–100 divided by 100 on import). */
  reliability: number;
}

/** Resolution every template is expressed in, whatever the source image's resolution. */
export const TEMPLATE_PPI = 500;

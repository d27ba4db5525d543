import { extractFingerprint, type Extraction } from './extract/index.js';
import type { FingerprintImage } from './image.js';
import { coarseOrientationField } from './orientation-field.js';
import { createTemplate, type FingerprintTemplate } from './template.js';

export { ExtractionError, isExtractionError } from './extract/index.js';

/** A template made from an image, with the extractor's verdict on the image. */
export interface ExtractedFingerprint {
  template: FingerprintTemplate;
  /** False for a blank, noisy or non-finger image: the template is kept but should not be trusted. */
  usable: boolean;
  problems: readonly string[];
  quality: number;
  /** The extractor's full output (block fields, quality factors) for evidence and debugging. */
  extraction: Extraction;
}

/** Image in, template out (throws ExtractionError only for input that is not a processable image). */
export function extractTemplate(image: FingerprintImage): ExtractedFingerprint {
  const extraction = extractFingerprint(image);
  const template = createTemplate({
    width: extraction.width,
    height: extraction.height,
    minutiae: extraction.minutiae,
    quality: extraction.quality,
    orientation: coarseOrientationField(extraction.blocks),
  });
  return { template, usable: extraction.usable, problems: extraction.problems, quality: extraction.quality, extraction };
}

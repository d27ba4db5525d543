import { decodeTemplate, templateFromMinutiaeRecord, type FingerprintTemplate } from '@kura/biometrics';
import { encodeAnsi378_2004, encodeIso19794_2_2005, type MinutiaeRecord } from '@kura/formats';

/**
 * A finger received only as a minutiae template (no image exists) written as an open interchange
 * record: ISO/IEC 19794-2:2005 when the finger came as ISO, ANSI INCITS 378-2004 when it came as
 * ANSI (each keeps its own angle unit, so no direction is rounded). Kura stores minutiae in whole
 * 500-ppi pixels; the record declares 200 pixels/cm (508 ppi) and scales coordinates up by 508/500:
 * scaling up, rounding, and scaling back down always lands on the same whole pixel, so reading the
 * file gives back the stored template exactly (ISO's own 197 pixels/cm would shift large coordinates).
 */

const PIXELS_PER_CM = 200;
const RECORD_PPI = PIXELS_PER_CM * 2.54;
const TEMPLATE_PPI = 500;
const up = (v: number): number => Math.round((v * RECORD_PPI) / TEMPLATE_PPI);

export type TemplateFileStandard = 'iso-19794-2-2005' | 'ansi-378-2004';

/** The record standard written for a finger received as `sourceFormat` (ISO unless it came as ANSI). */
export const templateFileStandard = (sourceFormat: string): TemplateFileStandard => (sourceFormat.startsWith('ansi') ? 'ansi-378-2004' : 'iso-19794-2-2005');

/** The stored template (Kura's encoding) as an interchange record of one finger view. */
export function templateFileBytes(stored: Uint8Array, sourceFormat: string, position: number): Uint8Array {
  const template = decodeTemplate(stored);
  const standard = templateFileStandard(sourceFormat);
  const unitsPerTurn = standard === 'ansi-378-2004' ? 180 : 256;
  const image = { width: up(template.width), height: up(template.height), resolutionX: PIXELS_PER_CM, resolutionY: PIXELS_PER_CM, ppiX: RECORD_PPI, ppiY: RECORD_PPI };
  const record: MinutiaeRecord = {
    standard,
    versionText: ' 20',
    declaredLength: 0,
    captureEquipment: { compliance: 0, id: 0 },
    image,
    views: [
      {
        fingerPosition: position,
        viewNumber: 0,
        impressionType: 0,
        quality: template.quality ?? 0,
        image,
        minutiae: template.minutiae.map((m) => {
          const angleUnits = Math.round((m.direction / (2 * Math.PI)) * unitsPerTurn) % unitsPerTurn;
          return { type: m.type, x: up(m.x), y: up(m.y), angleUnits, angle: (angleUnits * 2 * Math.PI) / unitsPerTurn, quality: Math.round(m.reliability * 100) };
        }),
        extendedData: [],
        extendedLengthIncludesHeader: true,
      },
    ],
    warnings: [],
  };
  return standard === 'ansi-378-2004' ? encodeAnsi378_2004(record) : encodeIso19794_2_2005(record);
}

/** A template file read back: the template the register stored. */
export const templateFromFile = (bytes: Uint8Array): FingerprintTemplate => templateFromMinutiaeRecord(bytes);

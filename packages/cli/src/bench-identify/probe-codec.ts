import { type FingerprintTemplate, decodeTemplate, encodeTemplate } from '@kura/biometrics';

/** One search of the benchmark: a person (enrolled or not) and the fingers searched with. */
export interface ProbePerson {
  /** Index of the synthetic person (subject id − 1 when enrolled), or an extra subject's id. */
  person: number;
  fingers: { position: number; template: FingerprintTemplate }[];
}

/**
 * Probe people ↔ bytes (big-endian): per person, person u32, finger count u8, then per finger
 * position u8, template length u32 and the template's own bytes (encodeTemplate). Validated on
 * decode: a truncated or damaged block throws.
 */
export function encodeProbes(people: readonly ProbePerson[]): Uint8Array {
  const encoded = people.map((p) => p.fingers.map((f) => ({ position: f.position, bytes: encodeTemplate(f.template) })));
  let size = 0;
  for (const fingers of encoded) size += 5 + fingers.reduce((sum, f) => sum + 5 + f.bytes.length, 0);
  const out = new Uint8Array(size);
  const view = new DataView(out.buffer);
  let at = 0;
  people.forEach((p, i) => {
    const fingers = encoded[i]!;
    view.setUint32(at, p.person);
    view.setUint8(at + 4, fingers.length);
    at += 5;
    for (const f of fingers) {
      view.setUint8(at, f.position);
      view.setUint32(at + 1, f.bytes.length);
      out.set(f.bytes, at + 5);
      at += 5 + f.bytes.length;
    }
  });
  return out;
}

/** A probe person still in its bytes (decoded when searched, so a large probe set stays small). */
export interface EncodedProbe {
  person: number;
  bytes: Uint8Array;
}

/** Cuts a block into its people, checking its structure; templates are decoded later by decodeProbes. */
export function splitProbes(bytes: Uint8Array): EncodedProbe[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: EncodedProbe[] = [];
  let at = 0;
  while (at < bytes.length) {
    const start = at;
    if (at + 5 > bytes.length) throw new Error(`probe block truncated at byte ${at}`);
    const person = view.getUint32(at);
    const count = view.getUint8(at + 4);
    at += 5;
    for (let k = 0; k < count; k++) {
      if (at + 5 > bytes.length) throw new Error(`probe block truncated at byte ${at}`);
      at += 5 + view.getUint32(at + 1);
    }
    if (at > bytes.length) throw new Error(`probe block truncated at byte ${bytes.length}`);
    out.push({ person, bytes: bytes.subarray(start, at) });
  }
  return out;
}

export function decodeProbes(bytes: Uint8Array): ProbePerson[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const people: ProbePerson[] = [];
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.length) throw new Error(`probe block truncated at byte ${at}`);
  };
  while (at < bytes.length) {
    need(5);
    const person = view.getUint32(at);
    const count = view.getUint8(at + 4);
    at += 5;
    const fingers: ProbePerson['fingers'] = [];
    for (let k = 0; k < count; k++) {
      need(5);
      const position = view.getUint8(at);
      const length = view.getUint32(at + 1);
      at += 5;
      need(length);
      if (position < 1 || position > 10) throw new Error(`probe finger position ${position} out of 1–10`);
      fingers.push({ position, template: decodeTemplate(bytes.subarray(at, at + length)) });
      at += length;
    }
    people.push({ person, fingers });
  }
  return people;
}

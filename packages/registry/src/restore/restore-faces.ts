import { FACE_COLOR_SPACES, FACE_COMPRESSIONS, faceMediaType, type FaceCompression } from '@kura/formats';
import type { FaceImageInput } from '../images/face-image.js';
import { sha256Hex, type ImageStore } from '../images/image-store.js';
import { RestoreError } from './restore-error.js';
import type { RestoredPerson } from './restored-person.js';

/** A face checked and ready for its row: the owner is an enrollment's index in the person's list, or the person. */
export interface PreparedFace {
  /** Index into the person's enrollments (0 = first), null: the person's own. */
  enrollmentIndex: number | null;
  face: FaceImageInput;
  createdAt: string;
}

/**
 * Every face of a batch of people checked (hash, compression and media type, sizes, dates), then
 * its bytes put into the image store unchanged — before any row names them (an orphan file is
 * harmless, a row without its file is not). Per person, in the given order.
 */
export async function prepareFaces(people: readonly RestoredPerson[], images: ImageStore): Promise<PreparedFace[][]> {
  const out: PreparedFace[][] = [];
  for (const person of people) {
    const faces: PreparedFace[] = [];
    for (const [n, f] of (person.faces ?? []).entries()) {
      const fail = (message: string): never => {
        throw new RestoreError('BAD_RECORD', `${person.uin}, visage / face ${n + 1}: ${message}`);
      };
      if (f.sha256 !== undefined && sha256Hex(f.image) !== f.sha256) fail(`l'image n'a pas le SHA-256 annoncé / the image's SHA-256 is not ${f.sha256}`);
      if (f.image.length === 0) fail('image vide / empty image');
      const compression = FACE_COMPRESSIONS.find((c) => c === f.compression) ?? fail(`compression inconnue / unknown compression ${f.compression}`);
      if (f.mediaType !== faceMediaType(compression as FaceCompression)) fail(`type ${f.mediaType} incohérent avec / inconsistent with ${compression}`);
      const colorSpace = f.colorSpace === null ? null : (FACE_COLOR_SPACES.find((c) => c === f.colorSpace) ?? fail(`espace colorimétrique inconnu / unknown colour space ${f.colorSpace}`));
      for (const size of [f.width, f.height]) if (size !== null && !(Number.isInteger(size) && size > 0)) fail(`taille illisible / unreadable size ${size}`);
      if (f.capturedOn !== null && !/^\d{8}$/.test(f.capturedOn)) fail(`date de prise de vue illisible / unreadable capture date ${f.capturedOn}`);
      if (Number.isNaN(Date.parse(f.createdAt))) fail(`horodatage illisible / unreadable timestamp ${f.createdAt}`);
      if (f.enrollment !== null && !(Number.isInteger(f.enrollment) && f.enrollment >= 1 && f.enrollment <= person.enrollments.length)) fail(`enrôlement ${f.enrollment} absent / no enrollment ${f.enrollment}`);
      faces.push({
        enrollmentIndex: f.enrollment === null ? null : f.enrollment - 1,
        face: {
          bytes: f.image,
          mediaType: f.mediaType as FaceImageInput['mediaType'],
          compression: compression as FaceImageInput['compression'],
          width: f.width,
          height: f.height,
          colorSpace: colorSpace as FaceImageInput['colorSpace'],
          capturedOn: f.capturedOn,
        },
        createdAt: f.createdAt,
      });
    }
    out.push(faces);
  }
  for (const faces of out) for (const { face } of faces) await images.put(face.bytes);
  return out;
}

import type { FaceImageTable } from '../db/schema.js';

/** A face image ready to keep: the bytes exactly as received and what the Type-10 record said of them. */
export interface FaceImageInput {
  bytes: Uint8Array;
  mediaType: FaceImageTable['media_type'];
  compression: FaceImageTable['compression'];
  width: number | null;
  height: number | null;
  colorSpace: FaceImageTable['color_space'];
  /** YYYYMMDD, when the record gave a capture date. */
  capturedOn: string | null;
}

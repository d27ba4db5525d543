import type { BinaryImage, FloatImage } from './grid.js';

/**
 * Ridge pixels = negative enhanced response (ridges are dark), inside the foreground. Then islands
 * of ridge and holes in ridges smaller than `minBlobArea` are flipped: dust specks and pores would
 * otherwise become fragments and loops in the skeleton.
 */
export function binarize(enhanced: FloatImage, mask: Uint8Array, minBlobArea: number): BinaryImage {
  const { width, height, data } = enhanced;
  const binary = new Uint8Array(width * height);
  for (let i = 0; i < binary.length; i++) binary[i] = mask[i] && data[i]! < 0 ? 1 : 0;
  const stack = new Int32Array(binary.length);
  const labels = new Int32Array(binary.length);
  const members = new Int32Array(binary.length);
  flipSmallComponents(binary, width, height, 1, minBlobArea, labels, stack, members);
  labels.fill(0);
  flipSmallComponents(binary, width, height, 0, minBlobArea, labels, stack, members);
  return { width, height, data: binary };
}

/** 4-connected components of `value` smaller than `minArea` (and not touching the edge) are flipped. */
function flipSmallComponents(binary: Uint8Array, width: number, height: number, value: number, minArea: number, visited: Int32Array, stack: Int32Array, members: Int32Array): void {
  for (let start = 0; start < binary.length; start++) {
    if (binary[start] !== value || visited[start]) continue;
    let top = 0;
    let count = 0;
    let touchesEdge = false;
    stack[top++] = start;
    visited[start] = 1;
    while (top > 0) {
      const i = stack[--top]!;
      members[count++] = i;
      const y = (i / width) | 0; // i ≥ 0: truncation is the floor
      const x = i - y * width;
      if (x === 0 || y === 0 || x === width - 1 || y === height - 1) {
        touchesEdge = true;
      }
      if (x > 0 && binary[i - 1] === value && !visited[i - 1]) {
        visited[i - 1] = 1;
        stack[top++] = i - 1;
      }
      if (x < width - 1 && binary[i + 1] === value && !visited[i + 1]) {
        visited[i + 1] = 1;
        stack[top++] = i + 1;
      }
      if (y > 0 && binary[i - width] === value && !visited[i - width]) {
        visited[i - width] = 1;
        stack[top++] = i - width;
      }
      if (y < height - 1 && binary[i + width] === value && !visited[i + width]) {
        visited[i + width] = 1;
        stack[top++] = i + width;
      }
    }
    if (count < minArea && !touchesEdge) for (let k = 0; k < count; k++) binary[members[k]!] = 1 - value;
  }
}

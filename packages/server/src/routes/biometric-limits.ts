/**
 * Request limits of the biometric routes. Ten fingerprint images sent as base64 (a third larger
 * than the files): 500-ppi flat captures are ~0.2–1 MB each as PNG, a 1000-ppi or uncompressed
 * capture can reach a few MB; 40 MB leaves room for ten of those without opening the door to
 * arbitrary uploads (every other route keeps the server's 1 MB).
 */
export const BIOMETRIC_BODY_LIMIT = 40 * 1024 * 1024;

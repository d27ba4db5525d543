import { open, stat } from 'node:fs/promises';

/**
 * Makes a rename or a new entry in `folder` durable: the folder itself is flushed. Not possible on
 * every platform (Windows cannot open a folder); the rename is still atomic there.
 */
export async function syncFolder(folder: string): Promise<void> {
  let handle;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch {
    // Some systems cannot open or flush a folder.
  } finally {
    await handle?.close();
  }
}

/** Whether a path exists (any kind); errors other than "not found" are raised. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

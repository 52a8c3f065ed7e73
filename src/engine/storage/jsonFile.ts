// Node file access for JSONStateStore. Node built-ins are imported dynamically through a
// variable specifier so the browser bundle never pulls (or even resolves) them.
import type * as FsPromises from 'node:fs/promises';
import type * as NodePath from 'node:path';

const FS = 'node:fs/promises';
const PATH = 'node:path';

const nodeFs = () => import(/* @vite-ignore */ FS) as Promise<typeof FsPromises>;
const nodePath = () => import(/* @vite-ignore */ PATH) as Promise<typeof NodePath>;

/** The file's text, or `undefined` when it does not exist yet. */
export async function readTextFile(path: string): Promise<string | undefined> {
  const fs = await nodeFs();
  try {
    return await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Replaces the file atomically: the text goes to a uniquely named temporary file in the same
 * directory (same file system, so `rename` is atomic), is synced, then renamed over the target.
 * A crash leaves either the old file or the new one, never a partial one.
 */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const [fs, { basename, dirname, join }] = await Promise.all([nodeFs(), nodePath()]);
  const temp = join(dirname(path), `.${basename(path)}.${crypto.randomUUID()}.tmp`);
  try {
    const handle = await fs.open(temp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await syncUnlessRefused(handle);
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/**
 * fsync, except where Node's permission model refuses it (Node 24 under `--permission`, as in
 * `flowweaver run --sandbox`, refuses every fd-based sync): the rename still makes the write
 * atomic; only its durability across a power loss is lost.
 */
async function syncUnlessRefused(handle: FsPromises.FileHandle): Promise<void> {
  try {
    await handle.sync();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_ACCESS_DENIED') throw error;
  }
}

/** Moves an unreadable file aside as `<file>.corrupt-<timestamp>` and returns the new path. */
export async function preserveFile(path: string): Promise<string> {
  const fs = await nodeFs();
  const target = `${path}.corrupt-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  await fs.rename(path, target);
  return target;
}

// Photos sit behind the bearer token, so an <img src> cannot load them: each is fetched once
// as a blob and shown through an object URL, shared by the timeline, the strip and the viewer.
import { api } from '../../api/client';

const cache = new Map<string, Promise<string>>();

export function photoUrl(path: string): Promise<string> {
  let url = cache.get(path);
  if (!url) {
    url = api.blob(path).then((blob) => URL.createObjectURL(blob));
    // A failed load may succeed later (the server was restarting): do not keep the failure.
    url.catch(() => cache.delete(path));
    cache.set(path, url);
  }
  return url;
}

/** Frees every object URL (the workbench is leaving). */
export function releasePhotos(): void {
  for (const url of cache.values()) void url.then((u) => URL.revokeObjectURL(u), () => {});
  cache.clear();
}

export const ROOT: string;
export function packageHash(): string;
export function packedConsumer(options?: { log?: (line: string) => void }): {
  tarball: string;
  files: string[];
  consumer: string;
  fresh: boolean;
};

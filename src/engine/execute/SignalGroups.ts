// Attempts grouped by the AbortSignal that stops them, with one abort listener per signal however
// many attempts share it (the run's signal is shared by every attempt without a timeout): a
// listener per attempt would pile thousands onto one signal. The ThreadedRunner's requests and the
// distributed runner's waiting attempts both use it.

/** Members grouped by signal; `onAbort` gets a signal's group when it aborts. */
export class SignalGroups<T> {
  private readonly groups = new WeakMap<AbortSignal, Set<T>>();

  constructor(private readonly onAbort: (group: Set<T>, reason: unknown) => void) {}

  /** The group of `signal` (add members to it); its abort listener is added with the group. */
  of(signal: AbortSignal): Set<T> {
    let group = this.groups.get(signal);
    if (!group) {
      const members = new Set<T>();
      group = members;
      this.groups.set(signal, members);
      signal.addEventListener('abort', () => this.onAbort(members, signal.reason), { once: true });
    }
    return group;
  }

  /** `member` is no longer stopped by `signal`. */
  delete(signal: AbortSignal, member: T): void {
    this.groups.get(signal)?.delete(member);
  }
}

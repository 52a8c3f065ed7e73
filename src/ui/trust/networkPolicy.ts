// What a workflow's task code may reach on the network. The page turns it into the sandbox's
// `connect-src`; nothing else in the app is governed by it.

/** A workflow's network access: none, a list of origins, or any origin. */
export type NetworkPolicy =
  { mode: 'off' } | { mode: 'any' } | { mode: 'allow'; origins: readonly string[] };

export const NETWORK_OFF: NetworkPolicy = { mode: 'off' };
export const NETWORK_ANY: NetworkPolicy = { mode: 'any' };

/** The CSP `connect-src` source list that enforces a policy. */
export function connectSrcOf(policy: NetworkPolicy): string {
  switch (policy.mode) {
    case 'off':
      return "'none'";
    case 'any':
      return '*';
    case 'allow':
      return policy.origins.length > 0 ? policy.origins.join(' ') : "'none'";
    default: {
      const never: never = policy;
      return never;
    }
  }
}

/** A short sentence for the run header and dialogs. */
export function describeNetworkPolicy(policy: NetworkPolicy): string {
  switch (policy.mode) {
    case 'off':
      return 'Network off';
    case 'any':
      return 'Network: any site';
    case 'allow':
      return policy.origins.length > 0 ? `Network: ${policy.origins.join(', ')}` : 'Network off';
    default: {
      const never: never = policy;
      return never;
    }
  }
}

/**
 * Parses one allowed origin as typed (`https://api.example.com`, `http://127.0.0.1:8080`). Only
 * http(s) and ws(s) origins: no paths, queries, wildcards or CSP keywords, so what the user typed
 * can never widen the policy beyond that origin.
 */
export function parseOrigin(text: string): { origin: string } | { error: string } {
  const trimmed = text.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return { error: `"${trimmed}" is not an origin like https://api.example.com` };
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol))
    return { error: `"${trimmed}": only http, https, ws and wss origins can be allowed` };
  if (
    url.username ||
    url.password ||
    (url.pathname !== '/' && url.pathname !== '') ||
    url.search ||
    url.hash
  )
    return { error: `"${trimmed}": give the origin only (scheme, host and port), no path` };
  return { origin: url.origin };
}

/** Origins typed one a line (blank lines ignored, repeats dropped), or every line's problem. */
export function parseOrigins(text: string): { origins: string[] } | { errors: string[] } {
  const origins: string[] = [];
  const errors: string[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const parsed = parseOrigin(line);
    if ('error' in parsed) errors.push(parsed.error);
    else if (!origins.includes(parsed.origin)) origins.push(parsed.origin);
  }
  return errors.length > 0 ? { errors } : { origins };
}

/** A network policy as it is being edited: the choice, and the origins as typed. */
export interface NetworkDraft {
  mode: NetworkPolicy['mode'];
  origins: string;
}

export function draftOf(policy: NetworkPolicy): NetworkDraft {
  return { mode: policy.mode, origins: policy.mode === 'allow' ? policy.origins.join('\n') : '' };
}

/** The policy a draft stands for, or why it is not one yet. */
export function policyOfDraft(
  draft: NetworkDraft,
): { policy: NetworkPolicy } | { errors: string[] } {
  if (draft.mode !== 'allow') return { policy: draft.mode === 'off' ? NETWORK_OFF : NETWORK_ANY };
  const parsed = parseOrigins(draft.origins);
  if ('errors' in parsed) return parsed;
  return parsed.origins.length > 0
    ? { policy: { mode: 'allow', origins: parsed.origins } }
    : { errors: ['Type at least one origin, or choose Off'] };
}

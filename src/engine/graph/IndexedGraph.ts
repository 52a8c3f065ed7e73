// The graph shape every kernel reads: index-based adjacency lists, built once in O(V+E).
// Never touches Task, Workflow or any run state: it knows names and edges only.

/**
 * A DAG (or a would-be DAG) as index arrays. Node `i` is `names[i]`; `upstream[i]` lists the
 * nodes `i` depends on and `downstream[i]` the nodes that depend on `i`, each in declaration
 * order. Kernels never mutate it.
 */
export interface IndexedGraph {
  readonly names: readonly string[];
  readonly upstream: readonly (readonly number[])[];
  readonly downstream: readonly (readonly number[])[];
}

/** A node as documents and the editor describe it: a name and the names it depends on. */
export interface GraphNodeSpec {
  name: string;
  dependsOn: readonly string[];
}

/** The graph plus what could not be placed in it (kept so validation can report it). */
export interface BuiltGraph extends IndexedGraph {
  /** Name → index; for duplicate names the first occurrence wins. */
  readonly index: ReadonlyMap<string, number>;
  /** Dependencies naming no node, as `[nodeIndex, missingName]`. */
  readonly unknown: readonly (readonly [number, string])[];
}

/**
 * Builds an {@link IndexedGraph} from name-based specs. Duplicate names keep their first node;
 * unknown dependencies and repeated edges are left out (the caller reports them). O(V+E).
 */
export function buildGraph(nodes: readonly GraphNodeSpec[]): BuiltGraph {
  const n = nodes.length;
  const index = new Map<string, number>();
  const names: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const name = nodes[i]!.name;
    names[i] = name;
    if (!index.has(name)) index.set(name, i);
  }
  const upstream: number[][] = new Array<number[]>(n);
  const downstream: number[][] = new Array<number[]>(n);
  for (let i = 0; i < n; i++) downstream[i] = [];
  const unknown: [number, string][] = [];
  for (let i = 0; i < n; i++) {
    const deps = nodes[i]!.dependsOn;
    const up: number[] = [];
    for (const dep of deps) {
      const j = index.get(dep);
      if (j === undefined) unknown.push([i, dep]);
      else if (!up.includes(j)) {
        up.push(j);
        downstream[j]!.push(i);
      }
    }
    upstream[i] = up;
  }
  return { names, upstream, downstream, index, unknown };
}

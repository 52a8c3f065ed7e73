// Pure: the free identifiers of a parsed function — names it reads or writes that it does not
// declare itself. A small scope walker over ESTree; never evaluates anything.
import type { Node } from 'acorn';

type AnyNode = Node & Record<string, unknown>;

class Scope {
  readonly names = new Set<string>();
  constructor(
    readonly parent: Scope | undefined,
    readonly isFunction: boolean,
  ) {}
  has(name: string): boolean {
    return this.names.has(name) || (this.parent?.has(name) ?? false);
  }
  functionScope(): Scope {
    return this.isFunction || !this.parent ? this : this.parent.functionScope();
  }
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);
// Keys that never hold references (plus `type`, location keys).
const SKIP_KEYS = new Set(['type', 'start', 'end', 'loc', 'range', 'label', 'meta']);

/** Free identifiers of `fn` (a function node), in first-use order. */
export function freeIdentifiers(fn: Node): string[] {
  const free = new Set<string>();
  visitFunction(fn as AnyNode, new Scope(undefined, true), free);
  return [...free];
}

function visitFunction(fn: AnyNode, outer: Scope, free: Set<string>): void {
  const scope = new Scope(outer, true);
  const id = fn.id as AnyNode | null | undefined;
  if (fn.type === 'FunctionExpression' && id) scope.names.add(id.name as string);
  scope.names.add('arguments');
  for (const param of fn.params as AnyNode[]) declarePattern(param, scope);
  const body = fn.body as AnyNode;
  if (body.type === 'BlockStatement') {
    hoist(body.body as AnyNode[], scope, scope);
    for (const param of fn.params as AnyNode[]) visitPattern(param, scope, free);
    for (const statement of body.body as AnyNode[]) visit(statement, scope, free);
  } else {
    for (const param of fn.params as AnyNode[]) visitPattern(param, scope, free);
    visit(body, scope, free);
  }
}

/** Declares a block's lexical names and (into the function scope) its `var`s, before visiting it. */
function hoist(statements: AnyNode[], block: Scope, fnScope: Scope): void {
  for (const statement of statements) {
    if (statement.type === 'VariableDeclaration') {
      const target = statement.kind === 'var' ? fnScope : block;
      for (const d of statement.declarations as AnyNode[]) declarePattern(d.id as AnyNode, target);
    } else if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
      const id = statement.id as AnyNode | null;
      if (id) block.names.add(id.name as string);
    }
    hoistVars(statement, fnScope);
  }
}

/** `var` declarations nested in blocks, loops and branches belong to the function scope. */
function hoistVars(node: AnyNode, fnScope: Scope): void {
  if (
    FUNCTIONS.has(node.type) ||
    node.type === 'ClassDeclaration' ||
    node.type === 'ClassExpression'
  )
    return;
  if (node.type === 'VariableDeclaration' && node.kind === 'var') {
    for (const d of node.declarations as AnyNode[]) declarePattern(d.id as AnyNode, fnScope);
  }
  for (const child of children(node)) hoistVars(child, fnScope);
}

function declarePattern(pattern: AnyNode, scope: Scope): void {
  switch (pattern.type) {
    case 'Identifier':
      scope.names.add(pattern.name as string);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties as AnyNode[])
        declarePattern((p.type === 'RestElement' ? p.argument : p.value) as AnyNode, scope);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements as (AnyNode | null)[]) if (e) declarePattern(e, scope);
      break;
    case 'RestElement':
      declarePattern(pattern.argument as AnyNode, scope);
      break;
    case 'AssignmentPattern':
      declarePattern(pattern.left as AnyNode, scope);
      break;
  }
}

/**
 * Visits the expressions inside a pattern: defaults and computed keys, and — when `assign` (an
 * assignment target rather than a declaration) — the names it writes.
 */
function visitPattern(pattern: AnyNode, scope: Scope, free: Set<string>, assign = false): void {
  switch (pattern.type) {
    case 'ObjectPattern':
      for (const p of pattern.properties as AnyNode[]) {
        if (p.type === 'RestElement') visitPattern(p.argument as AnyNode, scope, free, assign);
        else {
          if (p.computed) visit(p.key as AnyNode, scope, free);
          visitPattern(p.value as AnyNode, scope, free, assign);
        }
      }
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements as (AnyNode | null)[])
        if (e) visitPattern(e, scope, free, assign);
      break;
    case 'RestElement':
      visitPattern(pattern.argument as AnyNode, scope, free, assign);
      break;
    case 'AssignmentPattern':
      visitPattern(pattern.left as AnyNode, scope, free, assign);
      visit(pattern.right as AnyNode, scope, free);
      break;
    case 'MemberExpression':
      visit(pattern, scope, free);
      break;
    case 'Identifier':
      if (assign) visit(pattern, scope, free);
      break;
  }
}

function visit(node: AnyNode, scope: Scope, free: Set<string>): void {
  switch (node.type) {
    case 'Identifier':
      if (!scope.has(node.name as string)) free.add(node.name as string);
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      visitFunction(node, scope, free);
      return;
    case 'ClassDeclaration':
    case 'ClassExpression': {
      const inner = new Scope(scope, false);
      const id = node.id as AnyNode | null;
      if (id) inner.names.add(id.name as string);
      if (node.superClass) visit(node.superClass as AnyNode, scope, free);
      visit(node.body as AnyNode, inner, free);
      return;
    }
    case 'BlockStatement':
    case 'StaticBlock': {
      const inner = new Scope(scope, false);
      hoist(node.body as AnyNode[], inner, scope.functionScope());
      for (const s of node.body as AnyNode[]) visit(s, inner, free);
      return;
    }
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement': {
      const inner = new Scope(scope, false);
      const head = (node.init ?? node.left) as AnyNode | null;
      if (head?.type === 'VariableDeclaration' && head.kind !== 'var')
        hoist([head], inner, scope.functionScope());
      for (const child of children(node)) visit(child, inner, free);
      return;
    }
    case 'SwitchStatement': {
      visit(node.discriminant as AnyNode, scope, free);
      const inner = new Scope(scope, false);
      const cases = node.cases as AnyNode[];
      hoist(
        cases.flatMap((c) => c.consequent as AnyNode[]),
        inner,
        scope.functionScope(),
      );
      for (const c of cases) for (const child of children(c)) visit(child, inner, free);
      return;
    }
    case 'CatchClause': {
      const inner = new Scope(scope, false);
      if (node.param) declarePattern(node.param as AnyNode, inner);
      if (node.param) visitPattern(node.param as AnyNode, inner, free);
      visit(node.body as AnyNode, inner, free);
      return;
    }
    case 'VariableDeclarator':
      visitPattern(node.id as AnyNode, scope, free);
      if (node.init) visit(node.init as AnyNode, scope, free);
      return;
    case 'AssignmentExpression':
      visitPattern(node.left as AnyNode, scope, free, true);
      visit(node.right as AnyNode, scope, free);
      return;
    case 'MetaProperty':
      return;
    case 'MemberExpression':
      visit(node.object as AnyNode, scope, free);
      if (node.computed) visit(node.property as AnyNode, scope, free);
      return;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      if (node.computed) visit(node.key as AnyNode, scope, free);
      if (node.value) visit(node.value as AnyNode, scope, free);
      return;
    default:
      for (const child of children(node)) visit(child, scope, free);
  }
}

function children(node: AnyNode): AnyNode[] {
  const out: AnyNode[] = [];
  for (const key of Object.keys(node)) {
    if (SKIP_KEYS.has(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

function isNode(value: unknown): value is AnyNode {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { type?: unknown }).type === 'string'
  );
}

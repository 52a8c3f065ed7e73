// Where the engine is running, and how to reach Node built-ins without the browser bundle seeing them.
import { FlowWeaverError } from '../model/errors.ts';

/** True in a page (a document to attach a download link to), false in Node and workers. */
export function hasDocument(): boolean {
  return typeof document !== 'undefined' && typeof document.createElement === 'function';
}

/** True in Node (and Node-based test runners). */
export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

/**
 * Imports a Node built-in at run time. The specifier is a variable so Vite and Rollup never
 * resolve it: the browser bundle carries no `node:` module, not even a stub.
 */
export function importNodeModule<T>(specifier: string): Promise<T> {
  return import(/* @vite-ignore */ specifier) as Promise<T>;
}

/** A file name from a workflow name: path separators, reserved and control characters removed. */
export function safeFileName(name: string, fallback = 'workflow'): string {
  const cleaned = name
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001f\u007f<>:"/\\|?*]+/g, '_')
    .trim()
    .replace(/^\.+/, '');
  return (cleaned || fallback).slice(0, 120);
}

/** The error thrown where neither a document nor Node is available (e.g. a Web Worker). */
export function unsupportedEnvironment(what: string): FlowWeaverError {
  return new FlowWeaverError(
    'E_UNSUPPORTED_ENVIRONMENT',
    `${what} needs a browser page or Node; call it from the main thread.`,
  );
}

// Runs in Chromium (Vitest browser mode): a page validates documents without eval, as the app's
// Content Security Policy (no 'unsafe-eval') requires.
import { describe, expect, it } from 'vitest';
import { safeParseWorkflowDocument } from './document.ts';

describe('zod in a page', () => {
  it('validates a document without compiling code (no `new Function`)', () => {
    const original = globalThis.Function;
    let calls = 0;
    globalThis.Function = new Proxy(original, {
      construct(target, args) {
        calls++;
        return Reflect.construct(target, args) as object;
      },
      apply(target, self, args) {
        calls++;
        return Reflect.apply(target, self, args) as unknown;
      },
    });
    try {
      const result = safeParseWorkflowDocument({
        format: 'flowweaver.workflow',
        version: 1,
        id: 'z',
        name: 'z',
        tasks: [{ name: 'a', code: 'return 1;', dependsOn: [], retries: 1 }],
      });
      expect(result.ok).toBe(true);
    } finally {
      globalThis.Function = original;
    }
    expect(calls).toBe(0);
  });
});

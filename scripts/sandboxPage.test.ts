// public/sandbox.html is hand-written and served as is: its CSP must allow exactly its own inline
// script (by hash) and nothing inline besides.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const html = readFileSync(new URL('../public/sandbox.html', import.meta.url), 'utf8');
const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
const scripts = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);

describe('the task sandbox page', () => {
  it('allows its one inline script by hash, and no other inline script', () => {
    expect(scripts).toHaveLength(1);
    const hash = createHash('sha256').update(scripts[0]!).digest('base64');
    expect(csp).toContain(`'sha256-${hash}'`);
    expect(csp).not.toContain("'unsafe-inline'");
  });

  it('loads nothing from anywhere by default and starts workers only from blobs', () => {
    expect(csp).toMatch(/default-src 'none'/);
    expect(csp).toMatch(/worker-src blob:/);
    expect(csp).toMatch(/form-action 'none'/);
  });
});

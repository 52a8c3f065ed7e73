import { beforeEach, describe, expect, it } from 'vitest';
import { removeSecret, secretsForRun, setSecret, useSecrets } from './secretStore.ts';

const doc = {
  tasks: [
    { name: 'a', code: '', dependsOn: [], secrets: ['API_KEY'] },
    { name: 'b', code: '', dependsOn: [], secrets: ['API_KEY', 'DB'] },
    { name: 'c', code: '', dependsOn: [] },
  ],
};

describe("this browser's secrets", () => {
  beforeEach(() => useSecrets.setState({ values: {} }));

  it('sends a run only the secrets its tasks declare', () => {
    setSecret('API_KEY', 'k');
    setSecret('DB', 'd');
    setSecret('UNUSED', 'u');
    expect(secretsForRun(doc)).toEqual({ ok: true, secrets: { API_KEY: 'k', DB: 'd' } });
  });

  it('names the ones without a value', () => {
    setSecret('DB', 'd');
    expect(secretsForRun(doc)).toEqual({ ok: false, missing: ['API_KEY'] });
    removeSecret('DB');
    expect(secretsForRun(doc)).toEqual({ ok: false, missing: ['API_KEY', 'DB'] });
  });
});

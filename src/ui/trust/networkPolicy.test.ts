import { describe, expect, it } from 'vitest';
import { draftOf, NETWORK_ANY, NETWORK_OFF, parseOrigins, policyOfDraft } from './networkPolicy.ts';

describe('network policy drafts', () => {
  it('reads origins one a line, dropping blank lines and repeats', () => {
    expect(
      parseOrigins('https://api.example.com\n\n  http://127.0.0.1:8080/ \nhttps://api.example.com'),
    ).toEqual({
      origins: ['https://api.example.com', 'http://127.0.0.1:8080'],
    });
  });

  it('names every line that is not an origin', () => {
    const parsed = parseOrigins("https://ok.example\nhttps://x.example/path\n'self'\n*");
    expect('errors' in parsed && parsed.errors).toHaveLength(3);
  });

  it('turns a draft into a policy, and back', () => {
    expect(policyOfDraft({ mode: 'off', origins: 'https://a.example' })).toEqual({
      policy: NETWORK_OFF,
    });
    expect(policyOfDraft({ mode: 'any', origins: '' })).toEqual({ policy: NETWORK_ANY });
    const allow = policyOfDraft({
      mode: 'allow',
      origins: 'https://a.example\nwss://b.example:9000',
    });
    expect(allow).toEqual({
      policy: { mode: 'allow', origins: ['https://a.example', 'wss://b.example:9000'] },
    });
    expect('policy' in allow && draftOf(allow.policy)).toEqual({
      mode: 'allow',
      origins: 'https://a.example\nwss://b.example:9000',
    });
    expect(policyOfDraft({ mode: 'allow', origins: ' \n' })).toEqual({
      errors: ['Type at least one origin, or choose Off'],
    });
  });
});

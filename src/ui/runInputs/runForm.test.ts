import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '../../engine/index.ts';
import { initialFields, readFields } from './runForm.ts';

const SPECS: ParamSpec[] = [
  { name: 'city', type: 'string', required: true },
  { name: 'limit', type: 'number', default: 3 },
  { name: 'loud', type: 'boolean' },
  { name: 'tags', type: 'json', default: ['a'] },
];

describe('the run form', () => {
  it('starts from the last values that still fit, else the defaults', () => {
    expect(initialFields(SPECS)).toEqual({ city: '', limit: '3', loud: false, tags: '["a"]' });
    expect(initialFields(SPECS, { city: 'Oslo', limit: 'ten', loud: true, gone: 1 })).toEqual({
      city: 'Oslo',
      limit: '3',
      loud: true,
      tags: '["a"]',
    });
  });

  it('parses each field by type and names what does not fit', () => {
    expect(readFields(SPECS, { city: 'Oslo', limit: '5', loud: true, tags: '[1]' })).toEqual({
      values: { city: 'Oslo', limit: 5, loud: true, tags: [1] },
      problems: {},
    });
    expect(readFields(SPECS, { city: '', limit: 'x', loud: false, tags: '{' }).problems).toEqual({
      city: 'is required',
      limit: 'must be a number (got "x")',
      tags: expect.stringMatching(/^must be JSON: /),
    });
    // An empty optional field is left out: the run takes the default.
    expect(readFields(SPECS, { city: 'a', limit: '', loud: false, tags: '' }).values).toEqual({
      city: 'a',
      loud: false,
    });
  });
});

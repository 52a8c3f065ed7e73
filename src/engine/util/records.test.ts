import { describe, expect, it } from 'vitest';
import { asRecord, copyRecord, emptyRecord, recordFromEntries } from './records.ts';

const NAMES = Object.getOwnPropertyNames(Object.prototype);

describe('records keyed by task names', () => {
  it.each(NAMES)('%s is an ordinary key: absent reads undefined, set is kept', (name) => {
    const record = emptyRecord<number>();
    expect(record[name]).toBeUndefined();
    expect(name in record).toBe(false);
    record[name] = 1;
    expect(Object.keys(record)).toEqual([name]);
    expect(record[name]).toBe(1);
    expect(Object.getPrototypeOf(record)).toBeNull();
  });

  it.each(NAMES)('copies keep %s, whatever the source went through', (name) => {
    // What postMessage, IndexedDB or JSON give back: Object.prototype, with an own key.
    const cloned = JSON.parse(JSON.stringify({ [name]: 1, other: 2 })) as Record<string, number>;
    expect(Object.getPrototypeOf(cloned)).toBe(Object.prototype);
    for (const copy of [copyRecord(cloned), asRecord(cloned)]) {
      expect(Object.getPrototypeOf(copy)).toBeNull();
      expect(Object.keys(copy).sort()).toEqual([name, 'other'].sort());
      expect(copy[name]).toBe(1);
    }
    const fromEntries = recordFromEntries(new Map([[name, 3]]));
    expect(Object.keys(fromEntries)).toEqual([name]);
    expect(fromEntries[name]).toBe(3);
    const missing = copyRecord({ other: 2 });
    expect(missing[name]).toBeUndefined();
  });

  it('asRecord keeps a prototype-free record as it is; copyRecord always copies', () => {
    const record = emptyRecord<number>();
    expect(asRecord(record)).toBe(record);
    expect(copyRecord(record)).not.toBe(record);
    expect(Object.keys(copyRecord(undefined))).toEqual([]);
    expect(Object.getPrototypeOf(asRecord(null))).toBeNull();
  });
});

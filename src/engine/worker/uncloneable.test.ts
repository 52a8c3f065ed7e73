import { describe, expect, it } from 'vitest';
import { describeUncloneable } from './uncloneable.ts';

describe('describeUncloneable', () => {
  it('passes plain data', () => {
    expect(describeUncloneable({ a: [1, 'x', new Map([[1, new Date(0)]])] })).toBeNull();
  });

  it('names the type and the path of what structured clone refuses', () => {
    const { port1 } = new MessageChannel();
    expect(describeUncloneable({ rows: [1, { port: port1 }] })).toBe(
      'a MessagePort at result.rows[1].port',
    );
    port1.close();
    expect(describeUncloneable({ f: () => 1 })).toBe('a function at result.f');
    class Handle {
      fn = () => 1;
    }
    expect(describeUncloneable([new Handle()])).toBe('a Handle at result[0]');
  });
});

import { describe, expect, it } from 'vitest';
import { firstUse } from './first-use.ts';

describe('firstUse', () => {
  it('loads once for any number of callers, at the same time or later', async () => {
    let loads = 0;
    const get = firstUse(async () => ({ n: ++loads }));
    const [a, b] = await Promise.all([get(), get()]);
    expect(a).toBe(b);
    expect(await get()).toBe(a);
    expect(loads).toBe(1);
  });

  it('does not keep a failed load: the next call tries again', async () => {
    let loads = 0;
    const get = firstUse(async () => {
      loads += 1;
      if (loads === 1) throw new Error('chunk unavailable');
      return 'loaded';
    });
    await expect(get()).rejects.toThrow('chunk unavailable');
    expect(await get()).toBe('loaded');
    expect(await get()).toBe('loaded');
    expect(loads).toBe(2);
  });
});

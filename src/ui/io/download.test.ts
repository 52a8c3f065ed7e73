import { describe, expect, it } from 'vitest';
import { downloadFileName } from './download.ts';

describe('downloadFileName', () => {
  it('joins words with one dash and keeps letters and digits of any script', () => {
    expect(downloadFileName('Numbers demo', 'svg')).toBe('Numbers-demo.svg');
    expect(downloadFileName('ETL pipeline', 'flowweaver.json')).toBe(
      'ETL-pipeline.flowweaver.json',
    );
    expect(downloadFileName('  Numbers demo: v2/final  ', 'mmd')).toBe('Numbers-demo-v2-final.mmd');
    expect(downloadFileName('données_été 2026', 'png')).toBe('données_été-2026.png');
  });

  it('never makes a path, a hidden file or an empty name', () => {
    expect(downloadFileName('../../etc/passwd', 'svg')).toBe('etc-passwd.svg');
    expect(downloadFileName('.hidden', 'svg')).toBe('hidden.svg');
    expect(downloadFileName('<>:"|?*', 'svg')).toBe('workflow.svg');
    expect(downloadFileName('', 'json')).toBe('workflow.json');
    expect(downloadFileName('x'.repeat(300), 'svg')).toBe(`${'x'.repeat(120)}.svg`);
  });
});

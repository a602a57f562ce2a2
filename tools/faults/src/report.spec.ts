import { serverErrorSection, serverErrorsOf } from './report';

const entry = (status: number | undefined, key: string, body?: string) => ({
  phase: 'pg-kill',
  kind: 'order',
  key,
  completedAt: Date.parse('2026-12-06T10:00:00Z'),
  status,
  body,
});

describe('5xx answers in the report', () => {
  it('keeps every 5xx answer with its body, and nothing else', () => {
    const sut = serverErrorsOf([
      entry(202, 'a'),
      entry(503, 'b', '{"status":503,"code":"dependency-unavailable"}'),
      entry(undefined, 'c'),
      entry(500, 'd', '{"status":500}'),
      entry(409, 'e', '{}'),
    ]);
    expect(sut).toEqual([
      expect.objectContaining({
        key: 'b',
        status: 503,
        body: expect.stringContaining('dependency'),
      }),
      expect.objectContaining({ key: 'd', status: 500, phase: 'pg-kill', kind: 'order' }),
    ]);
  });

  it('lists them in the markdown, the non-503 ones first, with the log folder', () => {
    const md = serverErrorSection({
      serverErrors: serverErrorsOf([entry(503, 'b', 'retry'), entry(500, 'd', 'boom | here')]),
      logDir: 'tools/faults/reports/faults-small-seed1-logs',
    }).join('\n');
    expect(md).toContain('## 5xx answers');
    expect(md).toContain('2 in all: 1 x 503, 1 x 500');
    expect(md.indexOf('| d |')).toBeLessThan(md.indexOf('| b |'));
    expect(md).toContain('boom \\| here');
    expect(md).toContain('faults-small-seed1-logs/<service>.log');
  });
});

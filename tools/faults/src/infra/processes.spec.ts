import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './processes';

describe('ManagedProcess log file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'faults-proc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Until the process has written both of its lines (node starts slowly on a loaded machine). */
  const wroteBoth = async (proc: ManagedProcess, text: string) => {
    for (let i = 0; i < 300; i++) {
      if (proc.logs().includes(`out ${text}`) && proc.logs().includes(`err ${text}`)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`svc never wrote its "${text}" lines`);
  };

  const script = (text: string) =>
    `process.stdout.write('out ${text}\\n'); process.stderr.write('err ${text}\\n'); setInterval(() => {}, 1000);`;

  it('keeps everything every start of the process wrote, across a crash and a restart', async () => {
    const file = join(dir, 'svc.log');
    const first = new ManagedProcess('svc', process.execPath, ['-e', script('one')], {});
    first.logFile = file;
    first.start();
    await wroteBoth(first, 'one');
    await first.kill();
    await first.closeLog();

    const second = new ManagedProcess('svc', process.execPath, ['-e', script('two')], {});
    second.logFile = file;
    second.start();
    await wroteBoth(second, 'two');
    await second.stop(2000);
    await second.closeLog();

    const log = readFileSync(file, 'utf8');
    for (const line of ['out one', 'err one', 'out two', 'err two']) expect(log).toContain(line);
    expect(log.indexOf('out one')).toBeLessThan(log.indexOf('out two'));
    expect(log.match(/svc started/g)).toHaveLength(2);
    expect(log).toMatch(/exited \(code null, signal SIGKILL\)/);
  });
});

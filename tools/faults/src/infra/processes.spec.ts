import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManagedProcess } from './processes';

describe('ManagedProcess log file', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'faults-proc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const script = (text: string) =>
    `process.stdout.write('out ${text}\\n'); process.stderr.write('err ${text}\\n'); setInterval(() => {}, 1000);`;

  it('keeps everything every start of the process wrote, across a crash and a restart', async () => {
    const file = join(dir, 'svc.log');
    const first = new ManagedProcess('svc', process.execPath, ['-e', script('one')], {});
    first.logFile = file;
    first.start();
    await new Promise((r) => setTimeout(r, 500));
    await first.kill();
    await first.closeLog();

    const second = new ManagedProcess('svc', process.execPath, ['-e', script('two')], {});
    second.logFile = file;
    second.start();
    await new Promise((r) => setTimeout(r, 500));
    await second.stop(2000);
    await second.closeLog();

    const log = readFileSync(file, 'utf8');
    for (const line of ['out one', 'err one', 'out two', 'err two']) expect(log).toContain(line);
    expect(log.indexOf('out one')).toBeLessThan(log.indexOf('out two'));
    expect(log.match(/svc started/g)).toHaveLength(2);
    expect(log).toMatch(/exited \(code null, signal SIGKILL\)/);
  });
});

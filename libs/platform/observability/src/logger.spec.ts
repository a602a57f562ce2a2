import pino from 'pino';
import { Writable } from 'stream';
import { accessLogOn, pinoParams } from './logger';
import { RequestContext } from './request-context';

type HttpParams = { pinoHttp: pino.LoggerOptions; forRoutes?: unknown[] };

/** The lines a logger built from pinoParams writes, parsed. */
function written(level: string) {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const sut = pinoParams('test', level) as HttpParams;
  return { sut, lines, logger: pino(sut.pinoHttp, sink) };
}

const request = { correlationId: 'c-1', request: { method: 'POST', url: '/v1/orders' } };

describe('pinoParams', () => {
  it('mounts the access log (pino-http on every route) while its lines are written', () => {
    const { sut } = written('info');
    expect(accessLogOn('info')).toBe(true);
    expect(accessLogOn('debug')).toBe(true);
    expect(sut.forRoutes).toBeUndefined();
  });

  it.each(['warn', 'error', 'silent'])('does not mount it at %s, where no line is written', (l) => {
    const { sut } = written(l);
    expect(accessLogOn(l)).toBe(false);
    expect(sut.forRoutes).toEqual([]);
  });

  it('puts the request on the lines a request writes when the access log is off', () => {
    const { logger, lines } = written('warn');
    RequestContext.run(request, () => logger.warn('slow'));
    expect(lines[0]).toMatchObject({
      correlationId: 'c-1',
      req: { method: 'POST', url: '/v1/orders' },
    });
  });

  it('leaves the request to the access log child logger when it is on', () => {
    const { logger, lines } = written('info');
    RequestContext.run(request, () => logger.warn('slow'));
    expect(lines[0]).toMatchObject({ correlationId: 'c-1' });
    expect(lines[0].req).toBeUndefined();
  });
});

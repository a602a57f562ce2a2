// Loopback only: an echo server behind the proxy, no other I/O.
import net from 'node:net';
import { FaultProxy } from './proxy';

function echoServer(): Promise<{ server: net.Server; port: number }> {
  const server = net.createServer((s) => {
    s.on('error', () => undefined);
    s.pipe(s);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, port: (server.address() as net.AddressInfo).port }),
    ),
  );
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.once('error', reject);
  });
}

function roundTrip(s: net.Socket, text: string): Promise<{ echoed: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    let got = '';
    const onData = (d: Buffer) => {
      got += d.toString();
      if (got.length >= text.length) {
        s.off('data', onData);
        resolve({ echoed: got, ms: Date.now() - started });
      }
    };
    s.on('data', onData);
    s.write(text);
  });
}

const closed = (s: net.Socket) =>
  new Promise<string>((resolve) => {
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    s.once('close', () => resolve('closed'));
  });

describe('FaultProxy', () => {
  let echo: { server: net.Server; port: number };
  let sut: FaultProxy;
  let port: number;

  beforeEach(async () => {
    echo = await echoServer();
    sut = new FaultProxy('echo', { host: '127.0.0.1', port: echo.port });
    port = await sut.listen();
  });

  afterEach(async () => {
    await sut.close();
    await new Promise((r) => echo.server.close(r));
  });

  it('passes bytes through unchanged and in order', async () => {
    const s = await connect(port);
    const text = Array.from({ length: 200 }, (_, i) => `chunk-${i};`).join('');
    expect((await roundTrip(s, text)).echoed).toBe(text);
    expect(sut.stats()).toMatchObject({ accepted: 1, open: 1 });
    s.destroy();
  });

  it('adds latency in both directions', async () => {
    sut.latency(60);
    const s = await connect(port);
    const { echoed, ms } = await roundTrip(s, 'ping');
    expect(echoed).toBe('ping');
    expect(ms).toBeGreaterThanOrEqual(110);
    s.destroy();
  });

  it('cuts every open connection', async () => {
    const a = await connect(port);
    const b = await connect(port);
    await roundTrip(a, 'x');
    await roundTrip(b, 'y');
    const ends = [closed(a), closed(b)];
    expect(sut.cut()).toBe(2);
    expect(await Promise.all(ends)).toEqual(expect.arrayContaining([expect.any(String)]));
    expect(sut.stats()).toMatchObject({ cut: 2, open: 0 });
  });

  it('resets connections with RST', async () => {
    const s = await connect(port);
    await roundTrip(s, 'x');
    const end = closed(s);
    sut.reset();
    expect(await end).toBe('ECONNRESET');
  });

  it('refuses new connections while down, and accepts again after up', async () => {
    sut.down();
    const refused = await connect(port).then(closed, (e: NodeJS.ErrnoException) => e.code);
    expect(['ECONNRESET', 'closed']).toContain(refused);
    expect(sut.stats().refused).toBe(1);
    sut.up();
    const s = await connect(port);
    expect((await roundTrip(s, 'back')).echoed).toBe('back');
    s.destroy();
  });
});

describe('FaultProxy as a balancer (target chosen per connection)', () => {
  it('sends each new connection where the chooser says, e.g. round-robin over two servers', async () => {
    const tagged = (tag: string) =>
      new Promise<{ server: net.Server; port: number }>((resolve) => {
        const server = net.createServer((s) => {
          s.on('error', () => undefined);
          s.end(tag);
        });
        server.listen(0, '127.0.0.1', () =>
          resolve({ server, port: (server.address() as net.AddressInfo).port }),
        );
      });
    const a = await tagged('a');
    const b = await tagged('b');
    let n = 0;
    const sut = new FaultProxy('balancer', () => ({
      host: '127.0.0.1',
      port: n++ % 2 === 0 ? a.port : b.port,
    }));
    const port = await sut.listen();
    const answer = async () => {
      const s = await connect(port);
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      await closed(s);
      return got;
    };
    try {
      expect([await answer(), await answer(), await answer()]).toEqual(['a', 'b', 'a']);
    } finally {
      await sut.close();
      a.server.close();
      b.server.close();
    }
  });
});
